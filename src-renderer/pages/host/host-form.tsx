import { useState, type FormEvent, type ReactNode } from 'react';
import type { Workspace } from '../../../src-shared/schemas/workspace';
import { Field, fieldErrorId } from '../../components/ui/field';
import { FormErrors } from '../../components/ui/form-errors';
import { PickFileButton } from '../../components/ui/pick-file-button';
import { fieldErrors } from '../../lib/field-errors';
import { useConnectHost, useUpdateHost } from '../../queries/hosts';
import { draftFromHost, draftToTarget, hostFieldForPath, type AuthKindDraft, type HostDraft, type HostKindDraft } from './host-draft';

const kindChoices: Array<{ value: HostKindDraft; label: string; hint: string }> = [
  { value: 'ssh', label: 'Over SSH', hint: 'a server you reach with ssh' },
  { value: 'local', label: 'This machine', hint: 'where the workbench runs; no SSH' },
  { value: 'none', label: 'Not set', hint: 'a name only; nothing is measured' },
];

const authChoices: Array<{ value: AuthKindDraft; label: string }> = [
  { value: 'key', label: 'Key file' },
  { value: 'agent', label: 'ssh-agent' },
  { value: 'password', label: 'Password' },
];

/**
 * How to reach the workspace's host. Plain form controls in reading order, so Tab walks it and
 * Enter saves; "Save and connect" stores the details (secrets go to the secret store) and
 * opens the session at once.
 */
export function HostForm({ workspace, secretsPersist, onSaved }: { workspace: Workspace; secretsPersist: boolean; onSaved?: () => void }) {
  const [draft, setDraft] = useState<HostDraft>(() => draftFromHost(workspace.host));
  const { update, connect, submit } = useSaveAndConnect({ workspaceId: workspace.id, draft, onSaved });
  const errors = fieldErrors(update.error);
  const errorFor = (field: keyof HostDraft) => [...errors].find(([path]) => hostFieldForPath[path] === field)?.[1];
  const set = <K extends keyof HostDraft>(field: K) => (value: HostDraft[K]) => setDraft((current) => ({ ...current, [field]: value }));
  const text = (field: keyof HostDraft, props: { label: string; hint?: string; placeholder?: string; type?: string; autoComplete?: string }) => (
    <TextField id={`host-${field}`} {...props} value={String(draft[field])} onChange={(value) => set(field)(value as never)} error={errorFor(field)} />
  );

  return (
    <form className="host-form" onSubmit={submit} noValidate aria-label="Host connection" data-testid="host-form">
      <fieldset className="segmented" aria-label="Where the host is">
        {kindChoices.map((choice) => (
          <label key={choice.value} className="segmented-option" title={choice.hint}>
            <input type="radio" name="host-kind" value={choice.value} checked={draft.kind === choice.value} onChange={() => set('kind')(choice.value)} data-testid={`host-kind-${choice.value}`} />
            <span>{choice.label}</span>
          </label>
        ))}
      </fieldset>
      {draft.kind === 'ssh' && (
        <>
          <div className="host-grid">
            {text('address', { label: 'Address', placeholder: 'gpu-box.lan or 10.0.0.7' })}
            {text('port', { label: 'Port' })}
            {text('user', { label: 'User', autoComplete: 'username' })}
          </div>
          <AuthFields draft={draft} set={set} text={text} secretsPersist={secretsPersist} />
          <JumpFields draft={draft} set={set} text={text} />
        </>
      )}
      {draft.kind === 'local' && <p className="muted small">Telemetry and inventory run as this workbench’s user on this machine — the right choice when the inference server runs here too.</p>}
      {draft.kind === 'none' && <p className="muted small">Without connection details the workspace keeps only its name; runs record no host telemetry.</p>}
      <FormErrors error={update.error} claimed={Object.keys(hostFieldForPath)} testId="host-form-error" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={update.isPending || connect.isPending} data-testid="host-save">
          {update.isPending ? 'Saving…' : draft.kind === 'none' ? 'Save' : 'Save and connect'}
        </button>
      </div>
    </form>
  );
}

/** Saves the host, then connects to it (unless it was set to none). */
function useSaveAndConnect(args: { workspaceId: string; draft: HostDraft; onSaved: (() => void) | undefined }) {
  const update = useUpdateHost();
  const connect = useConnectHost();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { workspaceId: args.workspaceId, target: draftToTarget(args.draft) },
      {
        onSuccess: () => {
          args.onSaved?.();
          if (args.draft.kind !== 'none') connect.mutate({ workspaceId: args.workspaceId });
        },
      },
    );
  };
  return { update, connect, submit };
}

type TextFieldFactory = (field: keyof HostDraft, props: { label: string; hint?: string; placeholder?: string; type?: string; autoComplete?: string }) => ReactNode;
type Setter = <K extends keyof HostDraft>(field: K) => (value: HostDraft[K]) => void;

function AuthFields({ draft, set, text, secretsPersist }: { draft: HostDraft; set: Setter; text: TextFieldFactory; secretsPersist: boolean }) {
  const keptNote = secretsPersist ? 'kept encrypted in the OS keychain' : 'kept in memory until the workbench stops';
  return (
    <div className="host-auth">
      <fieldset className="segmented segmented-small" aria-label="Authentication">
        {authChoices.map((choice) => (
          <label key={choice.value} className="segmented-option">
            <input type="radio" name="host-auth" value={choice.value} checked={draft.authKind === choice.value} onChange={() => set('authKind')(choice.value)} data-testid={`host-auth-${choice.value}`} />
            <span>{choice.label}</span>
          </label>
        ))}
      </fieldset>
      {draft.authKind === 'key' && (
        <div className="host-grid host-grid-wide">
          <div className="form-row">
            {text('identityPath', { label: 'Private key file', hint: '(a path on this machine)', placeholder: '~/.ssh/id_ed25519' })}
            <PickFileButton purpose="identity" onPick={set('identityPath')} testId="host-identityPath-pick" />
          </div>
          {text('passphrase', { label: 'Passphrase', hint: `(if the key has one; ${keptNote})`, type: 'password', autoComplete: 'off' })}
        </div>
      )}
      {draft.authKind === 'agent' && <p className="muted small">The keys loaded in ssh-agent (SSH_AUTH_SOCK of the workbench’s process) are offered.</p>}
      {draft.authKind === 'password' && (
        <div className="host-grid host-grid-wide">{text('password', { label: 'Password', hint: `(blank keeps the stored one; ${keptNote})`, type: 'password', autoComplete: 'off' })}</div>
      )}
    </div>
  );
}

function JumpFields({ draft, set, text }: { draft: HostDraft; set: Setter; text: TextFieldFactory }) {
  return (
    <div className="host-jump">
      <label className="checkbox">
        <input type="checkbox" checked={draft.useJump} onChange={(event) => set('useJump')(event.target.checked)} data-testid="host-use-jump" />
        Through a jump host (ssh -J)
      </label>
      {draft.useJump && (
        <div className="host-grid">
          {text('jumpAddress', { label: 'Jump address' })}
          {text('jumpPort', { label: 'Jump port' })}
          {text('jumpUser', { label: 'Jump user', hint: '(blank = same)' })}
          <div className="form-row">
            {text('jumpIdentityPath', { label: 'Jump key file', hint: '(blank = ssh-agent)' })}
            <PickFileButton purpose="identity" onPick={set('jumpIdentityPath')} testId="host-jumpIdentityPath-pick" />
          </div>
        </div>
      )}
    </div>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  hint?: string;
  placeholder?: string;
  type?: string;
  autoComplete?: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}

function TextField({ id, label, hint, placeholder, type = 'text', autoComplete, value, onChange, error }: TextFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        type={type}
        value={value}
        placeholder={placeholder}
        autoComplete={autoComplete}
        spellCheck={false}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={fieldErrorId(id)}
        data-testid={id}
      />
    </Field>
  );
}
