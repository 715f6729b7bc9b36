import type { ReactNode } from 'react';
import type { RunStatus } from '../../../src-shared/schemas/run-result';

type Tone = 'neutral' | 'accent' | 'good' | 'warn' | 'bad' | 'demo';

export function Badge({ tone = 'neutral', children, testId, title }: { tone?: Tone; children: ReactNode; testId?: string; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} data-testid={testId} title={title}>
      {children}
    </span>
  );
}

const statusTone: Record<RunStatus, Tone> = {
  running: 'accent',
  completed: 'good',
  stopped: 'neutral',
  failed: 'bad',
  interrupted: 'warn',
};

const statusTitle: Record<RunStatus, string> = {
  running: 'The run is in progress.',
  completed: 'The run reached its planned end.',
  stopped: 'Stopped by hand; what was measured is kept.',
  failed: 'The run ended with an error.',
  interrupted: 'The workbench stopped before the run finished; its data up to that moment is kept.',
};

export function StatusBadge({ status }: { status: RunStatus }) {
  return (
    <Badge tone={statusTone[status]} testId="run-status" title={statusTitle[status]}>
      {status}
    </Badge>
  );
}

/** Every place that shows the built-in demo server says so, so no one mistakes its numbers for a real server's. */
export function DemoBadge() {
  return (
    <Badge tone="demo" testId="demo-badge" title="The built-in demo server: llama.cpp in-process on a tiny bundled model (or a cost-model simulation where llama.cpp cannot load), speaking llama-server's API. Not your production server.">
      demo
    </Badge>
  );
}
