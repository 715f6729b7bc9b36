import type { ConfigProblem, ConfigView } from '../../../src-shared/contract/config.contract';
import { ErrorMessage } from '../../components/ui/error-message';
import { isApplying } from '../../queries/config-live';
import { type EndpointRef, useApplyConfig, useCancelApply, useConfigJournal, useConfigPlan, useLiveApply } from '../../queries/config';
import { ApplySteps } from './apply-steps';
import type { DraftConfig } from './config-draft';
import { PlanDiff } from './plan-diff';

interface ApplyPanelProps {
  target: EndpointRef;
  view: ConfigView;
  /** The draft as last checked (debounced). */
  config: DraftConfig;
  problems: readonly ConfigProblem[];
  isChanged: boolean;
  /** The draft changed, has no error of its own, and the core's check of it is in. */
  isReady: boolean;
  checkError: unknown;
  onReset: () => void;
}

/** What the draft changes, the checks that stand in its way, and the apply with its readiness steps. */
export function ApplyPanel({ target, view, config, problems, isChanged, isReady, checkError, onReset }: ApplyPanelProps) {
  const apply = useApplyConfig();
  const cancel = useCancelApply();
  const live = useLiveApply(target.endpointId);
  const journal = useConfigJournal(target);
  const plan = useConfigPlan(target, config, isReady);
  const isRunning = isApplying(live) || apply.isPending;
  const errors = problems.filter((problem) => problem.severity === 'error');
  const isManaged = view.source === 'launcher';
  const canApply = isReady && errors.length === 0 && isManaged && !isRunning && plan.data !== undefined && !plan.isPlaceholderData;
  return (
    <section className="card apply-panel" aria-labelledby="apply-title" data-testid="apply-panel">
      <h2 className="card-title" id="apply-title">
        Changes
      </h2>
      {!isChanged && !isRunning && <p className="muted small">Nothing changed yet: edit a value or use a preset, and what it changes appears here.</p>}
      <ProblemList problems={problems} />
      <ErrorMessage error={checkError} testId="config-check-error" />
      {isChanged && isReady && plan.data && <PlanDiff plan={plan.data} journal={journal.data ?? []} />}
      <ErrorMessage error={plan.error} testId="config-plan-error" />
      {isChanged && !isManaged && <p className="small field-warning">Record how the server is launched (above) before applying.</p>}
      <div className="confirm">
        {isChanged && !isRunning && (
          <button type="button" className="button button-small button-quiet" onClick={onReset} data-testid="config-discard">
            Discard changes
          </button>
        )}
        {isRunning && (
          <button type="button" className="button button-danger" onClick={() => cancel.mutate(target)} disabled={cancel.isPending} data-testid="config-cancel">
            Cancel
          </button>
        )}
        <button type="button" className="button button-primary" disabled={!canApply} onClick={() => apply.mutate({ ...target, config })} data-testid="config-apply">
          {isRunning ? 'Applying…' : 'Apply'}
        </button>
      </div>
      <ErrorMessage error={cancel.error} testId="config-cancel-error" />
      <ApplySteps live={live} journal={journal.data ?? []} error={apply.error} />
    </section>
  );
}

function ProblemList({ problems }: { problems: readonly ConfigProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="problem-list" data-testid="config-problems">
      {problems.map((problem) => (
        <li key={problem.message} className={problem.severity === 'error' ? 'problem-error' : 'problem-warning'} data-severity={problem.severity}>
          {problem.message}
        </li>
      ))}
    </ul>
  );
}
