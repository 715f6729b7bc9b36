import type { FormEvent, KeyboardEvent } from 'react';
import { Field, fieldErrorId } from '../../components/ui/field';
import { FormErrors } from '../../components/ui/form-errors';
import type { EndpointRef } from '../../lib/endpoints';
import { DatasetFields } from './dataset-fields';
import { DemoSlots } from './demo-slots';
import { EndpointSelect } from './endpoint-select';
import { LoadFields } from './load-fields';
import { NumberField } from './number-field';
import { ObjectivesFields } from './objectives-fields';
import { fieldOfPath, type ApiChoice, type FieldId, type PlanDraft } from './plan-draft';

interface PlanFormProps {
  draft: PlanDraft;
  onChange: (draft: PlanDraft) => void;
  endpoints: EndpointRef[];
  onStart: () => void;
  isStarting: boolean;
  /** A run from this page is live: one at a time keeps the measurements honest. */
  isRunning: boolean;
  errors: Map<string, string>;
  error: unknown;
}

const apiChoices: Array<{ value: ApiChoice; label: string }> = [
  { value: 'chat', label: 'Chat — /v1/chat/completions' },
  { value: 'completions', label: 'Completions — /v1/completions' },
  { value: 'native', label: 'llama.cpp — /completion' },
  { value: 'embeddings', label: 'Embeddings — /v1/embeddings' },
];

/** The plan: endpoint and API on top, then load, prompts and objectives side by side. */
export function PlanForm({ draft, onChange, endpoints, onStart, isStarting, isRunning, errors, error }: PlanFormProps) {
  const errorFor = (field: FieldId) => [...errors].find(([path]) => fieldOfPath(path) === field)?.[1];
  const claimed = [...errors.keys()].filter((path) => fieldOfPath(path) !== undefined);
  const selected = endpoints.find((ref) => ref.endpoint.id === draft.endpointId);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!isRunning && !isStarting) onStart();
  }

  // Enter in a textarea makes a new line; Ctrl/Cmd+Enter starts the run from anywhere in it.
  function onPromptKey(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit(event);
  }

  return (
    <form className="card plan-form" onSubmit={submit} noValidate data-testid="plan-form" aria-label="Run plan">
      <PlanTopRow draft={draft} onChange={onChange} endpoints={endpoints} errorFor={errorFor} isBlocked={isRunning || isStarting} isStarting={isStarting} />
      {selected?.endpoint.isDemo && <DemoSlots endpoint={selected} disabled={isRunning || isStarting} />}
      <div className="plan-sections">
        <fieldset className="plan-section" data-testid="plan-load">
          <legend>Load</legend>
          <LoadFields draft={draft} onChange={onChange} errorFor={errorFor} />
        </fieldset>
        <fieldset className="plan-section" data-testid="plan-prompts">
          <legend>Prompts</legend>
          <DatasetFields draft={draft} onChange={onChange} errorFor={errorFor} onPromptKey={onPromptKey} />
        </fieldset>
        <fieldset className="plan-section" data-testid="plan-objectives">
          <legend>Objectives</legend>
          <ObjectivesFields draft={draft} onChange={onChange} errorFor={errorFor} />
        </fieldset>
      </div>
      <FormErrors error={error} claimed={claimed} testId="plan-error" />
      {isRunning && <p className="muted small">A run is in progress; stop it or wait for it to end before starting another.</p>}
    </form>
  );
}

interface PlanTopRowProps {
  draft: PlanDraft;
  onChange: (draft: PlanDraft) => void;
  endpoints: EndpointRef[];
  errorFor: (field: FieldId) => string | undefined;
  isBlocked: boolean;
  isStarting: boolean;
}

/** What is loaded and how: endpoint, API, answer length, and the start button. */
function PlanTopRow({ draft, onChange, endpoints, errorFor, isBlocked, isStarting }: PlanTopRowProps) {
  return (
    <div className="plan-row">
      <EndpointSelect endpoints={endpoints} value={draft.endpointId} onChange={(endpointId) => onChange({ ...draft, endpointId })} error={errorFor('endpointId')} />
      <Field id="plan-api" label="API" error={errorFor('api')}>
        <select id="plan-api" value={draft.api} onChange={(e) => onChange({ ...draft, api: e.target.value as ApiChoice })} aria-describedby={fieldErrorId('plan-api')} data-testid="plan-api">
          {apiChoices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </Field>
      <NumberField id="plan-max-tokens" label="Max tokens" unit="per answer" value={draft.maxTokens} onChange={(maxTokens) => onChange({ ...draft, maxTokens })} error={errorFor('maxTokens')} />
      <div className="plan-start">
        <button type="submit" className="button button-primary" disabled={isBlocked || draft.endpointId === ''} data-testid="start-run">
          {isStarting ? 'Starting…' : 'Start run'}
        </button>
      </div>
    </div>
  );
}
