import type { ReactNode } from 'react';

/** Says what is missing and what to do next, never just "nothing here". */
export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={testId}>
      <h3>{title}</h3>
      {children}
    </div>
  );
}
