import type { RunRow } from '../../../src-shared/schemas/run-row';
import { describeLoad } from '../../../src-shared/schemas/load-profiles';
import { StatusBadge } from '../../components/ui/badge';
import { formatMs, formatRate, formatTimestamp } from '../../../src-shared/format/numbers';
import { runLetter } from './compare-metrics';

interface RunPickerProps {
  runs: readonly RunRow[];
  selected: readonly string[];
  onToggle: (runId: string) => void;
}

/** Saved runs, newest first, each with a checkbox; the first one ticked is the baseline (A). */
export function RunPicker({ runs, selected, onToggle }: RunPickerProps) {
  return (
    <div className="table-card compare-picker">
      <table className="data-table runs-table" data-testid="compare-picker">
        <thead>
          <tr>
            <th scope="col" aria-label="Compare" />
            <th scope="col">Started</th>
            <th scope="col">Endpoint</th>
            <th scope="col">Load</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Output <span className="unit">tok/s</span>
            </th>
            <th scope="col" className="num">
              TTFT p95
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const position = selected.indexOf(run.id);
            return (
              <tr key={run.id} className="clickable" onClick={() => onToggle(run.id)} data-testid="compare-run-row" data-run-id={run.id} aria-selected={position >= 0}>
                <td>
                  <label className="compare-check">
                    <input type="checkbox" checked={position >= 0} onChange={() => onToggle(run.id)} onClick={(event) => event.stopPropagation()} aria-label={`Compare run ${run.id}`} />
                    {position >= 0 && <span className="compare-letter">{runLetter(position)}</span>}
                  </label>
                </td>
                <td>{formatTimestamp(run.startedAt)}</td>
                <td>
                  <code className="small">{run.url.replace(/^https?:\/\//, '')}</code>
                </td>
                <td>{describeLoad(run.load)}</td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td className="num">{formatRate(run.headline?.outputTokensPerS, 'tok/s')}</td>
                <td className="num">{formatMs(run.headline?.ttftP95Ms ?? null)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
