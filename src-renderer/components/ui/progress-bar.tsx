import { formatPercent } from '../../../src-shared/format/numbers';

/** A native-feeling progress bar whose value assistive tech and tests can read. */
export function ProgressBar({ fraction, label }: { fraction: number; label: string }) {
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 10;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={formatPercent(fraction)}
      data-testid="run-progress"
    >
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
