import { useState } from 'react';
import { RunView } from '../../components/run/run-view';
import { EmptyState } from '../../components/ui/empty-state';
import { ErrorMessage } from '../../components/ui/error-message';
import { findEndpoint, listEndpoints } from '../../lib/endpoints';
import { fieldErrors } from '../../lib/field-errors';
import { formatTimestamp } from '../../../src-shared/format/numbers';
import { navigate, routeHref } from '../../lib/router';
import { useLiveRun, useRun, useRuns, useStartRun } from '../../queries/runs';
import { useWorkspaces } from '../../queries/workspaces';
import { defaultDraft, draftToPlan, type PlanDraft } from './plan-draft';
import { PlanForm } from './plan-form';

const lastEndpointKey = 'llmwb.lastEndpoint';

/** Plan on the left, the run it started on the right; the run id lives in the address. */
export function RunPage({ endpointId, runId }: { endpointId?: string; runId?: string }) {
  const workspaces = useWorkspaces();
  const endpoints = listEndpoints(workspaces.data);
  const [draft, setDraft] = useState<PlanDraft>(() => ({ ...defaultDraft, endpointId: endpointId ?? window.localStorage.getItem(lastEndpointKey) ?? '' }));
  const start = useStartRun();
  const isRunning = useIsRunning(runId);
  // A remembered endpoint may have been removed since; fall back to the first one there is.
  const chosen = findEndpoint(workspaces.data, draft.endpointId) ?? endpoints[0];
  const effectiveDraft = chosen ? { ...draft, endpointId: chosen.endpoint.id } : draft;

  function onStart() {
    start.mutate(draftToPlan(effectiveDraft, chosen), {
      onSuccess: ({ runId: started }) => {
        window.localStorage.setItem(lastEndpointKey, effectiveDraft.endpointId);
        navigate({ page: 'run', endpointId: effectiveDraft.endpointId, runId: started });
      },
    });
  }

  if (workspaces.data && endpoints.length === 0) return <NoEndpoints />;
  return (
    <div className="page run-page" data-testid="run-page">
      <div className="page-header">
        <h1>Run</h1>
        <p className="muted">Load one endpoint — a profile, a closed loop or an arrival rate, with your prompts and objectives — and watch the client and the server side by side.</p>
      </div>
      <ErrorMessage error={workspaces.error} />
      <div className="run-layout">
        <PlanForm
          draft={effectiveDraft}
          onChange={setDraft}
          endpoints={endpoints}
          onStart={onStart}
          isStarting={start.isPending}
          isRunning={isRunning}
          errors={fieldErrors(start.error)}
          error={start.error}
        />
        {runId ? <RunView key={runId} runId={runId} /> : <RunPlaceholder />}
      </div>
    </div>
  );
}

function useIsRunning(runId: string | undefined): boolean {
  const detail = useRun(runId);
  const live = useLiveRun(runId);
  if (runId === undefined) return false;
  return (live?.finished?.status ?? detail.data?.record.status) === 'running';
}

function RunPlaceholder() {
  // Coming back to this tab mid-run (the address lost its run id) should not hide the live run.
  const live = useRuns().data?.find((run) => run.status === 'running');
  if (live) {
    return (
      <div className="callout" data-testid="run-in-progress">
        <p>
          A run started {formatTimestamp(live.startedAt)} is still in progress.{' '}
          <a href={routeHref({ page: 'run', endpointId: live.endpointId, runId: live.id })}>Watch it live</a>
        </p>
      </div>
    );
  }
  return (
    <EmptyState title="No run yet" testId="run-placeholder">
      <p>
        Choose an endpoint, set the load and press <kbd>Start run</kbd>. Progress, throughput and time-to-first-token charts appear here as the run goes,
        then the latency summary.
      </p>
    </EmptyState>
  );
}

function NoEndpoints() {
  return (
    <div className="page" data-testid="run-page">
      <div className="page-header">
        <h1>Run</h1>
      </div>
      <EmptyState title="Nothing to load yet" testId="run-no-endpoints">
        <p>
          A run needs an endpoint. Create a workspace and add your server’s URL, or attach the built-in demo server, on the{' '}
          <a href={routeHref({ page: 'workspaces' })}>Workspaces</a> page.
        </p>
      </EmptyState>
    </div>
  );
}
