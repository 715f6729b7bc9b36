import { useState } from 'react';
import type { LaunchSettings } from '../../../src-shared/schemas/launch';
import { FormErrors } from '../../components/ui/form-errors';
import type { EndpointRef } from '../../lib/endpoints';
import { useSetLaunch } from '../../queries/config';
import { describeLaunch, launchDraftFrom, launchDraftTo, type LaunchDraft, type ManagedKind } from './launch-draft';
import { LaunchFields, launchFieldPaths } from './launch-fields';

/** Which method manages the endpoint's server, and a small form to record or change it (never for the demo). */
export function LaunchMethod({ target, launch }: { target: EndpointRef; launch: LaunchSettings | null }) {
  const [isEditing, setEditing] = useState(false);
  const isDemo = target.endpoint.isDemo;
  return (
    <div className="launch-method" data-testid="launch-method" data-kind={launch?.kind ?? 'none'}>
      <p>
        <span className="muted small">Launched by </span>
        <strong data-testid="launch-method-summary">{describeLaunch(isDemo ? { kind: 'demo' } : launch)}</strong>
        {!isDemo && !isEditing && (
          <button type="button" className="button button-small button-quiet" onClick={() => setEditing(true)} data-testid="launch-edit">
            {launch === null ? 'Say how it is launched…' : 'Change…'}
          </button>
        )}
      </p>
      {isEditing && <LaunchForm target={target} launch={launch} onDone={() => setEditing(false)} />}
    </div>
  );
}

const kinds: Array<{ value: ManagedKind; label: string }> = [
  { value: 'process', label: 'Process' },
  { value: 'systemd', label: 'systemd unit' },
  { value: 'container', label: 'Container' },
  { value: 'compose', label: 'Compose service' },
];

function LaunchForm({ target, launch, onDone }: { target: EndpointRef; launch: LaunchSettings | null; onDone: () => void }) {
  const [draft, setDraft] = useState<LaunchDraft>(() => launchDraftFrom(launch));
  const setLaunch = useSetLaunch();
  const ref = { workspaceId: target.workspace.id, endpointId: target.endpoint.id };
  const save = (next: LaunchSettings | null) => setLaunch.mutate({ ...ref, launch: next }, { onSuccess: onDone });
  return (
    <form
      className="launch-form"
      onSubmit={(event) => {
        event.preventDefault();
        save(launchDraftTo(draft));
      }}
      data-testid="launch-form"
    >
      <fieldset className="launch-kinds">
        <legend className="small muted">How the server is launched on {target.workspace.host.label}</legend>
        {kinds.map((kind) => (
          <label key={kind.value} className="check-line">
            <input type="radio" name="launch-kind" value={kind.value} checked={draft.kind === kind.value} onChange={() => setDraft({ ...draft, kind: kind.value })} />
            {kind.label}
          </label>
        ))}
      </fieldset>
      <LaunchFields draft={draft} onChange={setDraft} error={setLaunch.error} />
      <div className="confirm">
        {launch !== null && (
          <button type="button" className="button button-small button-quiet" onClick={() => save(null)} disabled={setLaunch.isPending} data-testid="launch-forget">
            Stop managing it
          </button>
        )}
        <button type="button" className="button button-small" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button-small button-primary" disabled={setLaunch.isPending} data-testid="launch-save">
          Save launch method
        </button>
      </div>
      <p className="small muted">Saving changes nothing on the host; the next apply restarts the server through this method.</p>
      <FormErrors error={setLaunch.error} claimed={launchFieldPaths} testId="launch-error" />
    </form>
  );
}
