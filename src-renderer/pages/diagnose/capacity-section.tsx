import { useMemo } from 'react';
import type { DiagnosisCapacity } from '../../../src-shared/schemas/diagnosis';
import { CapacityChart } from './capacity-chart';
import { capacityPlot, probeRows } from './capacity-plot';
import { ProbeTable } from './probe-table';

/** Step 4's answer: the capacity sentence, the curve with each probe's verdict, and the probes behind it. */
export function CapacitySection({ capacity }: { capacity: DiagnosisCapacity }) {
  const plot = useMemo(() => capacityPlot(capacity), [capacity]);
  const rows = useMemo(() => probeRows(capacity.search.probes), [capacity.search.probes]);
  const notes = capacity.result?.notes ?? [];
  return (
    <section className="card diagnose-section" aria-labelledby="capacity-title" data-testid="capacity-section">
      <h2 className="card-title" id="capacity-title">
        Capacity
        {capacity.result?.isIndicative && <span className="muted small"> · quick fidelity: indicative</span>}
      </h2>
      {capacity.sentence ? (
        <p className="capacity-sentence" data-testid="capacity-sentence">
          {capacity.sentence}
        </p>
      ) : (
        <p className="muted" data-testid="capacity-searching">
          Searching: {capacity.search.probes.length} {capacity.search.probes.length === 1 ? 'probe' : 'probes'} so far against <code>{capacity.search.options.slo}</code>.
        </p>
      )}
      {notes.length > 0 && (
        <ul className="small muted diagnose-notes">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <CapacityChart plot={plot} />
      {rows.length > 0 && <ProbeTable rows={rows} />}
    </section>
  );
}
