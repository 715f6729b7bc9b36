import type { FormEvent, KeyboardEvent } from 'react';
import { FormErrors } from '../../components/ui/form-errors';
import type { EndpointRef } from '../../lib/endpoints';
import { fieldErrors } from '../../lib/field-errors';
import { EndpointSelect } from '../run/endpoint-select';
import { goalFieldOfPath, type GoalDraft, type GoalFieldId } from './goal-draft';
import { SloFields } from './slo-fields';
import { SearchFields, VerifyFields, WorkloadFields } from './workload-fields';

interface GoalFormProps {
  draft: GoalDraft;
  onChange: (draft: GoalDraft) => void;
  endpoints: EndpointRef[];
  onStart: () => void;
  isStarting: boolean;
  /** The error diagnose.start answered with: its validation messages go beside their fields. */
  error: unknown;
}

/** Step 1: the target and the goal. Enter starts from any field, Ctrl+Enter from the prompt. */
export function GoalForm({ draft, onChange, endpoints, onStart, isStarting, error }: GoalFormProps) {
  const errors = fieldErrors(error);
  const errorFor = (field: GoalFieldId) => [...errors].find(([path]) => goalFieldOfPath(path) === field)?.[1];
  const claimed = [...errors.keys()].filter((path) => goalFieldOfPath(path) !== undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!isStarting && draft.endpointId !== '') onStart();
  }

  function onPromptKey(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit(event);
  }

  return (
    <form className="card plan-form goal-form" onSubmit={submit} noValidate aria-label="Diagnosis goal" data-testid="goal-form">
      <div className="plan-row">
        <EndpointSelect endpoints={endpoints} value={draft.endpointId} onChange={(endpointId) => onChange({ ...draft, endpointId })} error={errorFor('endpoint')} />
        <div className="plan-start">
          <button type="submit" className="button button-primary" disabled={isStarting || draft.endpointId === ''} data-testid="diagnose-start">
            {isStarting ? 'Starting…' : 'Start diagnosis'}
          </button>
        </div>
      </div>
      <div className="plan-sections goal-sections">
        <SloFields draft={draft} onChange={onChange} error={errorFor('slo')} />
        <WorkloadFields draft={draft} onChange={onChange} errorFor={errorFor} onPromptKey={onPromptKey} />
        <SearchFields draft={draft} onChange={onChange} errorFor={errorFor} />
        <VerifyFields draft={draft} onChange={onChange} errorFor={errorFor} />
      </div>
      <FormErrors error={error} claimed={claimed} testId="goal-error" />
    </form>
  );
}
