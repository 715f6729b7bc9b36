import type { BenchRunMeta, BenchRunStatus } from '../../../src-shared/schemas/bench-result';
import { Badge } from '../../components/ui/badge';
import { formatTimestamp } from '../../../src-shared/format/numbers';

const statusTone: Record<BenchRunStatus, 'accent' | 'good' | 'neutral' | 'bad' | 'warn'> = {
  running: 'accent',
  completed: 'good',
  cancelled: 'neutral',
  failed: 'bad',
  interrupted: 'warn',
};

interface BenchRunsTableProps {
  runs: readonly BenchRunMeta[];
  selected: readonly string[];
  onToggle: (benchRunId: string) => void;
  onShow: (benchRunId: string) => void;
}

/** Every stored bench run, newest first; tick runs to compare them (a run without results cannot be). */
export function BenchRunsTable({ runs, selected, onToggle, onShow }: BenchRunsTableProps) {
  return (
    <table className="data-table bench-runs" data-testid="bench-runs">
      <thead>
        <tr>
          <th scope="col">
            <span className="visually-hidden">Compare</span>
          </th>
          <th scope="col">Run</th>
          <th scope="col">Source</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Results
          </th>
          <th scope="col">When</th>
        </tr>
      </thead>
      <tbody>
        {[...runs].reverse().map((run) => (
          <RunRow key={run.id} run={run} isSelected={selected.includes(run.id)} onToggle={onToggle} onShow={onShow} />
        ))}
      </tbody>
    </table>
  );
}

function RunRow({ run, isSelected, onToggle, onShow }: { run: BenchRunMeta; isSelected: boolean; onToggle: (id: string) => void; onShow: (id: string) => void }) {
  const status = run.run?.status ?? 'completed';
  const checkboxId = `bench-pick-${run.id}`;
  return (
    <tr data-testid="bench-run-row" data-run-id={run.id} data-status={status} className={isSelected ? 'is-selected' : undefined}>
      <td>
        <input id={checkboxId} type="checkbox" checked={isSelected} disabled={run.resultCount === 0} onChange={() => onToggle(run.id)} aria-label={`Compare ${run.label}`} />
      </td>
      <th scope="row">
        <label htmlFor={checkboxId} className="run-label">
          {run.label}
        </label>
        {run.run && (
          <button type="button" className="link-button small" onClick={() => onShow(run.id)}>
            details
          </button>
        )}
      </th>
      <td className="muted">{run.run ? `llama-bench on ${run.run.host}` : `imported ${run.source.format}${run.source.name === '-' ? ' (pasted)' : ''}`}</td>
      <td>
        <Badge tone={statusTone[status]} title={run.run?.error?.message}>
          {status}
        </Badge>
      </td>
      <td className="num">{run.resultCount}</td>
      <td className="muted nowrap">{formatTimestamp(run.importedAt)}</td>
    </tr>
  );
}
