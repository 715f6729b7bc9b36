import { ErrorMessage } from '../../components/ui/error-message';
import { useAttachDemo } from '../../queries/demo';

/**
 * A workspace without an endpoint can still be tried at once: the built-in demo server behaves
 * like llama-server (slots, queueing, prefill then decode) and is labelled a demo everywhere.
 */
export function DemoOffer({ workspaceId }: { workspaceId: string }) {
  const attach = useAttachDemo();
  return (
    <div className="callout" data-testid="demo-offer">
      <p>
        <strong>No endpoint yet.</strong> Add your server’s base URL below (for llama-server, the address it listens on, such as{' '}
        <code>http://127.0.0.1:8080</code>), or try the workbench first against the built-in demo server — llama.cpp running a tiny bundled model in-process, behind llama-server's API, with 4 slots.
      </p>
      <button type="button" className="button" onClick={() => attach.mutate({ workspaceId })} disabled={attach.isPending} data-testid="use-demo">
        {attach.isPending ? 'Starting the demo server…' : 'Use the built-in demo server'}
      </button>
      <ErrorMessage error={attach.error} />
    </div>
  );
}
