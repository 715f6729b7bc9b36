import { useState } from 'react';
import type { ConfigView } from '../../../src-shared/contract/config.contract';
import { ErrorMessage } from '../../components/ui/error-message';
import type { EndpointRef } from '../../lib/endpoints';
import { useSetLaunch } from '../../queries/config';
import { joinWords } from './config-draft';

/**
 * `source: inventory`: the configuration is the running process's command line, and the
 * workbench does not manage that server yet. Adopting records the process's own command line as
 * the process launch method, with the user's consent, because applying then restarts it.
 */
export function SourceNotice({ view, target }: { view: ConfigView; target: EndpointRef }) {
  const [hasConsent, setConsent] = useState(false);
  const setLaunch = useSetLaunch();
  const suggested = view.suggestedLaunch;
  const adopt = () => {
    if (suggested === undefined) return;
    setLaunch.mutate({ workspaceId: target.workspace.id, endpointId: target.endpoint.id, launch: suggested });
  };
  return (
    <section className="callout config-source" data-testid="config-source-inventory">
      <p>
        <strong>The workbench does not manage this server yet.</strong> What you see was read from the running llama-server’s command line. You can edit it and see
        every check, but applying needs a launch method, so the workbench can restart the server with the new flags and bring back the old ones if it fails.
      </p>
      {suggested?.kind === 'process' && (
        <>
          <p className="small">
            Adopt it as a process the workbench starts: <code>{joinWords(suggested.argv)}</code>
            {suggested.cwd && <span className="muted"> in {suggested.cwd}</span>}
          </p>
          <label className="check-line">
            <input type="checkbox" checked={hasConsent} onChange={(event) => setConsent(event.target.checked)} data-testid="adopt-consent" />
            <span>I agree that the workbench will restart this server under its own management (pid {suggested.adoptedPid ?? 'of the running process'}) the next time a configuration is applied.</span>
          </label>
          <button type="button" className="button button-primary button-small" disabled={!hasConsent || setLaunch.isPending} onClick={adopt} data-testid="adopt-server">
            Adopt this server
          </button>
        </>
      )}
      {suggested !== undefined && suggested.kind !== 'process' && <p className="small">Record its launch method above to manage it.</p>}
      <p className="small muted">If it runs under systemd, in a container or from a compose file, record that launch method above instead.</p>
      <ErrorMessage error={setLaunch.error} testId="adopt-error" />
    </section>
  );
}
