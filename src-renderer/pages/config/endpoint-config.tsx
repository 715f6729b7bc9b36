import type { ConfigView } from '../../../src-shared/contract/config.contract';
import { formatTimestamp } from '../../../src-shared/format/numbers';
import { EmptyState } from '../../components/ui/empty-state';
import { EndpointLabel } from '../../components/ui/endpoint-label';
import { ErrorMessage } from '../../components/ui/error-message';
import type { EndpointRef } from '../../lib/endpoints';
import { routeHref } from '../../lib/router';
import { useConfigView } from '../../queries/config';
import { useHostStatus } from '../../queries/hosts';
import { ConfigEditor } from './config-editor';
import { JournalTable } from './journal-table';
import type { LinkedChanges } from './linked-changes';
import { LaunchMethod } from './launch-method';
import { SourceNotice } from './source-notice';

/** One endpoint's configuration: how its server is launched, the editor over what was read, and the journal. */
export function EndpointConfig({ target, linked = null }: { target: EndpointRef; linked?: LinkedChanges | null }) {
  const ref = { workspaceId: target.workspace.id, endpointId: target.endpoint.id };
  const view = useConfigView(ref);
  return (
    <>
      <section className="card config-target" aria-label="Endpoint and launch method">
        <div className="config-target-row">
          <EndpointLabel endpoint={target.endpoint} />
          <span className="muted small">
            on {target.workspace.host.label}
            {view.data && ` · read ${formatTimestamp(view.data.readAt)} through ${view.data.source === 'launcher' ? 'its launch method' : 'the running process'}`}
          </span>
          <button type="button" className="button button-small button-quiet" onClick={() => void view.refetch()} disabled={view.isFetching} data-testid="config-reread">
            {view.isFetching ? 'Reading…' : 'Read again'}
          </button>
        </div>
        <LaunchMethod target={target} launch={view.data?.launch ?? target.endpoint.launch ?? null} />
      </section>
      {view.isPending && (
        <p className="muted" data-testid="config-reading">
          Reading the configuration from {target.workspace.host.label}…
        </p>
      )}
      {view.error && <NotRead error={view.error} target={target} />}
      {view.data && <ReadView view={view.data} target={target} linked={linked} />}
      <JournalTable target={ref} />
    </>
  );
}

function ReadView({ view, target, linked }: { view: ConfigView; target: EndpointRef; linked: LinkedChanges | null }) {
  return (
    <>
      {view.source === 'inventory' && <SourceNotice view={view} target={target} />}
      {/* A re-read (after an apply or a roll back) starts the editor from what the server runs now. */}
      <ConfigEditor key={view.readAt} view={view} target={{ workspaceId: target.workspace.id, endpointId: target.endpoint.id }} linked={linked} />
    </>
  );
}

/** Why nothing was read, and what to do next: connect the host, or say how the server is launched. */
function NotRead({ error, target }: { error: unknown; target: EndpointRef }) {
  // The demo runs in this workbench; any other server is read over the workspace host's connection.
  const status = useHostStatus(target.endpoint.isDemo ? undefined : target.workspace.id);
  const hasDetails = target.workspace.host.spec !== undefined;
  const isHostDown = !target.endpoint.isDemo && status.data !== undefined && status.data.connection.state !== 'connected';
  const hostLink = <a href={routeHref({ page: 'host', workspaceId: target.workspace.id })}>Host</a>;
  return (
    <>
      <ErrorMessage error={error} testId="config-read-error" />
      {isHostDown ? (
        <EmptyState title={hasDetails ? 'The host is not connected' : 'The host has no connection details yet'} testId="config-not-read">
          <p>
            The configuration is read over the workspace’s host connection. {hasDetails ? 'Connect to' : 'Say how to reach'} <strong>{target.workspace.host.label}</strong> on the{' '}
            {hostLink} page, then press <kbd>Read again</kbd>.
          </p>
        </EmptyState>
      ) : (
        <EmptyState title="No configuration read yet" testId="config-not-read">
          <p>
            Start the server and press <kbd>Read again</kbd>, or record above how it is launched (a process, a systemd unit, a container or a compose service) so
            the workbench can read and change it through that method.
          </p>
        </EmptyState>
      )}
    </>
  );
}
