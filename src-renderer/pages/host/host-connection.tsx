import type { HostKeyInfo } from '../../../src-shared/schemas/host';
import type { HostLinkState, HostStatus } from '../../../src-shared/schemas/host-status';
import { Badge } from '../../components/ui/badge';
import { ErrorMessage } from '../../components/ui/error-message';
import { formatTimestamp } from '../../../src-shared/format/numbers';
import { useAcceptHostKey, useConnectHost, useDisconnectHost } from '../../queries/hosts';

const linkTone = { connected: 'good', connecting: 'accent', reconnecting: 'warn', failed: 'bad', closed: 'neutral', disconnected: 'neutral' } as const;

function linkText(link: HostLinkState): string {
  if (link.state === 'connected') return `Connected since ${formatTimestamp(link.sinceMs)}`;
  if (link.state === 'reconnecting') return `Link dropped; reconnect attempt ${link.attempt} in ${(link.nextAttemptInMs / 1000).toFixed(1)} s`;
  if (link.state === 'connecting') return 'Connecting…';
  if (link.state === 'failed') return 'Not connected';
  return 'Not connected';
}

/** The link's state, what to do about it, and the buttons that do it. */
export function HostConnection({ status }: { status: HostStatus }) {
  const connect = useConnectHost();
  const disconnect = useDisconnectHost();
  const link = status.connection;
  const isUp = link.state === 'connected' || link.state === 'reconnecting';
  const reason = link.state === 'failed' && status.pendingKey === null ? link.reason : null;
  return (
    <section className="host-connection" aria-label="Connection" data-testid="host-connection" data-state={link.state}>
      <div className="host-connection-row">
        <Badge tone={linkTone[link.state]} testId="host-link-state">
          {link.state}
        </Badge>
        <span className="host-label">
          <code>{status.label}</code>
        </span>
        <span className="muted small">{linkText(link)}</span>
        <div className="row-actions">
          {isUp ? (
            <button type="button" className="button button-small" onClick={() => disconnect.mutate({ workspaceId: status.workspaceId })} disabled={disconnect.isPending} data-testid="host-disconnect">
              Disconnect
            </button>
          ) : (
            status.kind !== 'none' && (
              <button type="button" className="button button-small" onClick={() => connect.mutate({ workspaceId: status.workspaceId })} disabled={connect.isPending || link.state === 'connecting'} data-testid="host-connect">
                {link.state === 'failed' ? 'Try again' : 'Connect'}
              </button>
            )
          )}
        </div>
      </div>
      {status.pendingKey !== null && <HostKeyPrompt workspaceId={status.workspaceId} hostKey={status.pendingKey} />}
      {reason !== null && <ErrorMessage error={reason} testId="host-connection-error" />}
      {link.state === 'reconnecting' && <p className="small muted">{link.reason.message}. Telemetry resumes by itself once the host answers; the hole is marked on the heatmap.</p>}
      <ErrorMessage error={connect.error ?? disconnect.error} testId="host-action-error" />
    </section>
  );
}

/** First contact with a host: its key is shown as OpenSSH prints it, and nothing is trusted until the user says so. */
function HostKeyPrompt({ workspaceId, hostKey }: { workspaceId: string; hostKey: HostKeyInfo }) {
  const accept = useAcceptHostKey();
  const where = hostKey.port === 22 ? hostKey.address : `[${hostKey.address}]:${hostKey.port}`;
  return (
    <div className="key-prompt" role="alertdialog" aria-labelledby="key-prompt-title" aria-describedby="key-prompt-body" data-testid="host-key-prompt">
      <h3 id="key-prompt-title">Unknown host key for {where}</h3>
      <div id="key-prompt-body" className="stack-tight">
        <p>This workspace has never connected to this host. It presents this {hostKey.keyType} key:</p>
        <p className="fingerprint" data-testid="host-key-fingerprint">
          {hostKey.fingerprintSha256}
        </p>
        <p className="muted small">
          Compare it with what the host itself prints, e.g. <code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code>. Accept only if they match; the key is then
          recorded in this workspace’s known hosts and checked on every later connection.
        </p>
      </div>
      <div className="form-actions">
        <button type="button" className="button button-primary" autoFocus onClick={() => accept.mutate({ workspaceId, fingerprintSha256: hostKey.fingerprintSha256 })} disabled={accept.isPending} data-testid="host-key-accept">
          {accept.isPending ? 'Connecting…' : 'Accept and connect'}
        </button>
      </div>
      <ErrorMessage error={accept.error} testId="host-key-error" />
    </div>
  );
}
