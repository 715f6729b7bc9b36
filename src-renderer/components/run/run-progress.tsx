import { formatDurationS } from '../../../src-shared/format/numbers';
import { ProgressBar } from '../ui/progress-bar';
import type { RunViewModel } from './run-state';

/** The bar follows run.progress `fraction`: time or request count, whichever bound is nearer. */
export function RunProgress({ view, plannedS, onStop, isStopping }: { view: RunViewModel; plannedS?: number; onStop: () => void; isStopping: boolean }) {
  return (
    <div className="run-progress">
      <div className="run-progress-row">
        <ProgressBar fraction={view.fraction} label="Run progress" />
        <button type="button" className="button button-danger" onClick={onStop} disabled={isStopping} data-testid="stop-run">
          {isStopping ? 'Stopping…' : 'Stop'}
        </button>
      </div>
      <p className="muted small" data-testid="run-elapsed">
        {formatDurationS(view.elapsedS)}
        {plannedS !== undefined && ` of ${formatDurationS(plannedS)}`} elapsed · {Math.round(view.fraction * 100)} %
      </p>
    </div>
  );
}
