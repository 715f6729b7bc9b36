import type { FormEvent, KeyboardEvent } from 'react';
import { Field, fieldErrorId } from '../../components/ui/field';
import { FormErrors } from '../../components/ui/form-errors';
import type { EndpointRef } from '../../lib/endpoints';
import { EndpointSelect } from './endpoint-select';
import { fieldForPath, type PlanDraft } from './plan-draft';

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

export function PlanForm({ draft, onChange, endpoints, onStart, isStarting, isRunning, errors, error }: PlanFormProps) {
  const set = (field: keyof PlanDraft) => (value: string) => onChange({ ...draft, [field]: value });
  const errorFor = (field: keyof PlanDraft) => [...errors].find(([path]) => fieldForPath[path] === field)?.[1];

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
      <div className="plan-row">
        <EndpointSelect endpoints={endpoints} value={draft.endpointId} onChange={set('endpointId')} error={errorFor('endpointId')} />
        <NumberField id="plan-vus" label="Virtual users" value={draft.virtualUsers} onChange={set('virtualUsers')} error={errorFor('virtualUsers')} />
        <NumberField id="plan-duration" label="Duration" unit="s" value={draft.durationS} onChange={set('durationS')} error={errorFor('durationS')} />
        <NumberField id="plan-max-tokens" label="Max tokens" unit="per answer" value={draft.maxTokens} onChange={set('maxTokens')} error={errorFor('maxTokens')} />
        <div className="plan-start">
          <button type="submit" className="button button-primary" disabled={isRunning || isStarting || draft.endpointId === ''} data-testid="start-run">
            {isStarting ? 'Starting…' : 'Start run'}
          </button>
        </div>
      </div>
      <Field id="plan-prompt" label="Prompt" hint="sent by every virtual user; Ctrl+Enter starts the run" error={errorFor('prompt')}>
        <textarea id="plan-prompt" rows={2} value={draft.prompt} onChange={(e) => set('prompt')(e.target.value)} onKeyDown={onPromptKey} aria-describedby={fieldErrorId('plan-prompt')} />
      </Field>
      <FormErrors error={error} claimed={Object.keys(fieldForPath)} testId="plan-error" />
      <p className="muted small">
        {isRunning ? 'A run is in progress; stop it or wait for it to end before starting another.' : 'Closed loop: each virtual user sends its next request as soon as its previous one ends.'}
      </p>
    </form>
  );
}

interface NumberFieldProps {
  id: string;
  label: string;
  unit?: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}

function NumberField({ id, label, unit, value, onChange, error }: NumberFieldProps) {
  return (
    <Field id={id} label={label} hint={unit && `(${unit})`} error={error}>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={fieldErrorId(id)}
        data-testid={id}
      />
    </Field>
  );
}
