import type { ReactNode } from 'react';

export interface Kpi {
  id: string;
  label: string;
  value: ReactNode;
  /** What the figure covers, e.g. "whole run" or "last 5 s". */
  note?: string;
  tone?: 'bad';
}

/** The handful of figures a tuner looks at first, large and aligned. */
export function KpiGrid({ items }: { items: Kpi[] }) {
  return (
    <dl className="kpi-grid">
      {items.map((item) => (
        <div className={item.tone === 'bad' ? 'kpi kpi-bad' : 'kpi'} key={item.id} data-testid={`kpi-${item.id}`}>
          <dt>{item.label}</dt>
          <dd>{item.value}</dd>
          {item.note && <dd className="kpi-note">{item.note}</dd>}
        </div>
      ))}
    </dl>
  );
}
