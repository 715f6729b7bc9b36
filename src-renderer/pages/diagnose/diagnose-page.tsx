import { useState } from 'react';
import { EmptyState } from '../../components/ui/empty-state';
import { ErrorMessage } from '../../components/ui/error-message';
import { findEndpoint, listEndpoints } from '../../lib/endpoints';
import { navigate, routeHref } from '../../lib/router';
import { useStartDiagnosis } from '../../queries/diagnose';
import { useWorkspaces } from '../../queries/workspaces';
import { DiagnosisView } from './diagnosis-view';
import { defaultGoalDraft, draftToStart, type GoalDraft } from './goal-draft';
import { GoalForm } from './goal-form';
import { PastDiagnoses } from './past-diagnoses';

const lastEndpointKey = 'llmwb.lastDiagnoseEndpoint';

/**
 * "Diagnose my server": the goal form, or the diagnosis the address names (live or finished),
 * and the diagnoses kept before. The diagnosis id lives in the address, so a reload keeps it.
 */
export function DiagnosePage({ endpointId, diagnosisId }: { endpointId?: string | undefined; diagnosisId?: string | undefined }) {
  const workspaces = useWorkspaces();
  const endpoints = listEndpoints(workspaces.data);
  const [draft, setDraft] = useState<GoalDraft>(() => ({ ...defaultGoalDraft, endpointId: endpointId ?? window.localStorage.getItem(lastEndpointKey) ?? '' }));
  const start = useStartDiagnosis();
  // A remembered endpoint may have been removed since; fall back to the first one there is.
  const chosen = findEndpoint(workspaces.data, draft.endpointId) ?? endpoints[0];
  const effective = chosen ? { ...draft, endpointId: chosen.endpoint.id } : draft;

  function onStart() {
    start.mutate(draftToStart(effective, chosen), {
      onSuccess: (diagnosis) => {
        window.localStorage.setItem(lastEndpointKey, effective.endpointId);
        navigate({ page: 'diagnose', endpointId: effective.endpointId, diagnosisId: diagnosis.id });
      },
    });
  }

  return (
    <div className="page diagnose-page" data-testid="diagnose-page">
      <div className="page-header page-header-row">
        <div>
          <h1>Diagnose</h1>
          <p className="muted">Find how many users the server holds to your goal, name what stops it there from the evidence, and get the exact flags to change.</p>
        </div>
        {diagnosisId && (
          <a className="button" href={routeHref({ page: 'diagnose', endpointId: effective.endpointId || undefined })} data-testid="diagnose-new">
            New diagnosis
          </a>
        )}
      </div>
      <ErrorMessage error={workspaces.error} />
      {workspaces.data && endpoints.length === 0 && <NoEndpoints />}
      {diagnosisId ? (
        <DiagnosisView key={diagnosisId} diagnosisId={diagnosisId} />
      ) : (
        endpoints.length > 0 && <GoalForm draft={effective} onChange={setDraft} endpoints={endpoints} onStart={onStart} isStarting={start.isPending} error={start.error} />
      )}
      <PastDiagnoses openId={diagnosisId} />
    </div>
  );
}

function NoEndpoints() {
  return (
    <EmptyState title="Nothing to diagnose yet" testId="diagnose-no-endpoints">
      <p>
        A diagnosis loads one endpoint. Create a workspace and add your llama-server’s URL, or attach the built-in demo server, on the{' '}
        <a href={routeHref({ page: 'workspaces' })}>Workspaces</a> page, then come back here.
      </p>
    </EmptyState>
  );
}
