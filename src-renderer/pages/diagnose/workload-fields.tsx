import type { KeyboardEvent } from 'react';
import { Field, fieldErrorId } from '../../components/ui/field';
import { NumberField } from '../run/number-field';
import { Segmented } from '../run/segmented';
import type { GoalDraft, GoalFieldId } from './goal-draft';

interface SectionProps {
  draft: GoalDraft;
  onChange: (draft: GoalDraft) => void;
  errorFor: (field: GoalFieldId) => string | undefined;
}

/** What every probe sends: one prompt and a fixed answer length, so probes compare. */
export function WorkloadFields({ draft, onChange, errorFor, onPromptKey }: SectionProps & { onPromptKey: (event: KeyboardEvent<HTMLTextAreaElement>) => void }) {
  return (
    <fieldset className="plan-section" data-testid="goal-workload">
      <legend>Workload</legend>
      <Field id="goal-prompt" label="Prompt" hint="sent by every probe; Ctrl+Enter starts" error={errorFor('prompt')}>
        <textarea id="goal-prompt" rows={3} value={draft.prompt} onChange={(event) => onChange({ ...draft, prompt: event.target.value })} onKeyDown={onPromptKey} aria-describedby={fieldErrorId('goal-prompt')} data-testid="goal-prompt" />
      </Field>
      <NumberField id="goal-max-tokens" label="Max tokens" unit="per answer, always reached" value={draft.maxTokens} onChange={(maxTokens) => onChange({ ...draft, maxTokens })} error={errorFor('maxTokens')} />
    </fieldset>
  );
}

const fidelityOptions = [
  { value: 'quick', label: 'Quick', hint: 'fewest requests per probe; results are indicative' },
  { value: 'standard', label: 'Standard', hint: 'more requests per probe' },
  { value: 'thorough', label: 'Thorough', hint: 'for a sign-off' },
] as const;

/** How hard the search may push and for how long. */
export function SearchFields({ draft, onChange, errorFor }: SectionProps) {
  return (
    <fieldset className="plan-section" data-testid="goal-search">
      <legend>Search</legend>
      <Segmented label="Fidelity" showLabel options={fidelityOptions} value={draft.fidelity} onChange={(fidelity) => onChange({ ...draft, fidelity })} testId="goal-fidelity" />
      {errorFor('fidelity') && <p className="field-error">{errorFor('fidelity')}</p>}
      <div className="field-pair">
        <NumberField id="goal-max-users" label="Max users" value={draft.maxUsers} onChange={(maxUsers) => onChange({ ...draft, maxUsers })} error={errorFor('maxUsers')} />
        <NumberField id="goal-budget" label="Budget" unit="minutes" value={draft.budgetMin} onChange={(budgetMin) => onChange({ ...draft, budgetMin })} error={errorFor('budget')} />
      </div>
    </fieldset>
  );
}

const verifyOptions = [
  { value: 'none', label: 'Recommend only' },
  { value: 'top', label: 'Verify the top one' },
] as const;

/** Whether step 7 restarts the server to A/B the top recommendation; said plainly because it restarts it. */
export function VerifyFields({ draft, onChange, errorFor }: SectionProps) {
  return (
    <fieldset className="plan-section" data-testid="goal-verify">
      <legend>Verify</legend>
      <Segmented label="Verify" options={verifyOptions} value={draft.verify} onChange={(verify) => onChange({ ...draft, verify })} testId="goal-verify-choice" />
      <p className="small muted" data-testid="goal-verify-words">
        {draft.verify === 'top'
          ? 'Verify restarts the server with the recommended flags, measures it against the current ones (A B A B …) and keeps the change only if it wins. It needs the endpoint’s launch method (set on the Config page).'
          : 'The server is only loaded, never restarted; apply a recommendation yourself from the Config page.'}
      </p>
      {errorFor('verify') && <p className="field-error">{errorFor('verify')}</p>}
    </fieldset>
  );
}
