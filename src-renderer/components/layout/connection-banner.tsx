import { useConnectionState } from '../../api/api-context';

/** Says plainly why nothing works when the core cannot be reached, and what to do about it. */
export function ConnectionBanner() {
  const state = useConnectionState();
  if (state.kind === 'open' || state.kind === 'connecting') return null;
  if (state.kind === 'reconnecting') {
    return (
      <div className="banner banner-warn" role="status" data-testid="connection-banner">
        Lost the connection to the workbench server; retrying in {Math.ceil(state.retryInMs / 1000)} s. Live charts resume once it is back.
      </div>
    );
  }
  return (
    <div className="banner banner-bad" role="alert" data-testid="connection-error">
      {state.reason === 'missing_token' ? (
        <>
          <strong>This page was opened without its access token.</strong> Browser mode only answers pages that carry the token <code>llmwb serve</code>{' '}
          printed. Open the full address from its output — it ends in <code>?token=…</code>.
        </>
      ) : (
        <>
          <strong>The workbench server refused the connection.</strong> The token in this address is wrong or belongs to an earlier run of{' '}
          <code>llmwb serve</code>. Open the address it printed this time.
        </>
      )}
    </div>
  );
}
