import { navigate } from '../../lib/router';
import { describeLinkedChanges, type LinkedChanges } from './linked-changes';

/** Says the editor starts from changes another page proposed, and offers to start from what runs instead. */
export function LinkedChangesNotice({ changes, endpointId }: { changes: LinkedChanges | null; endpointId: string }) {
  const discard = () => navigate({ page: 'config', endpointId });
  if (changes === null) {
    return (
      <div className="callout callout-warn" role="status" data-testid="config-linked-invalid">
        <p>The link asked for flag changes this editor cannot read, so it starts from the configuration as read.</p>
      </div>
    );
  }
  return (
    <div className="callout linked-changes" role="status" data-testid="config-linked">
      <p>
        The editor is prefilled with <code data-testid="config-linked-flags">{describeLinkedChanges(changes)}</code> from a diagnosis. Review the checks and the
        memory estimate, then press Apply; nothing changes on the server until then.
      </p>
      <button type="button" className="button button-small button-quiet" onClick={discard} data-testid="config-linked-discard">
        Start from what runs
      </button>
    </div>
  );
}
