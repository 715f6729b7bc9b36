import type { BenchPlanCheck } from '../../../src-shared/schemas/bench-plan';
import { formatCount, formatDurationS } from '../../../src-shared/format/numbers';

/**
 * What the plan will do before it runs: combinations, tests, timed runs and a time estimate with
 * what it assumes, the exact llama-bench command, and every problem or warning, each naming its flag.
 */
export function PlanSummary({ check, binary, hasModels }: { check: BenchPlanCheck | undefined; binary: string; hasModels: boolean }) {
  if (check === undefined) return <p className="muted small">Checking the plan…</p>;
  // An untouched form is not an error: say what to do first, and only show other problems.
  const problems = check.ok ? [] : check.problems.filter((problem) => hasModels || !problem.startsWith('-m: give at least one'));
  if (!hasModels && problems.length === 0) {
    return (
      <p className="plan-summary muted" data-testid="bench-plan-start">
        Enter the path of a model on the host: the number of combinations, a time estimate and the exact llama-bench command appear here before anything runs.
      </p>
    );
  }
  if (!check.ok) {
    return (
      <div className="error-box" role="alert" data-testid="bench-plan-problems">
        <p className="error-message">Fix {problems.length === 1 ? 'this' : `these ${problems.length}`} before running:</p>
        <ul className="problem-list">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      </div>
    );
  }
  const { estimate } = check;
  const basis = estimate.assumptions.basis === 'defaults' ? 'assuming a modest 1,000 t/s prompt and 30 t/s generation' : 'from earlier results of this model on this host';
  return (
    <div className="plan-summary" data-testid="bench-plan-summary">
      <p className="plan-estimate">
        <strong data-testid="bench-combinations">{formatCount(estimate.combinations)}</strong> combination{estimate.combinations === 1 ? '' : 's'} ·{' '}
        <strong>{formatCount(estimate.tests)}</strong> tests · <strong>{formatCount(estimate.timedRuns)}</strong> timed runs · about{' '}
        <strong data-testid="bench-estimate">{formatDurationS(estimate.estimatedS)}</strong> <span className="muted">({basis})</span>
      </p>
      {check.warnings.map((warning) => (
        <p key={warning} className="warn-line">
          {warning}
        </p>
      ))}
      <code className="command-preview" data-testid="bench-command">
        {[binary || 'llama-bench', ...check.argv].map(shellWord).join(' ')}
      </code>
    </div>
  );
}

/** Quotes a word for display the way a shell would need it; the runner itself never uses a shell string. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
