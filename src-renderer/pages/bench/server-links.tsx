import { routeHref } from '../../lib/router';
import { useBenchLinks } from '../../queries/bench';

/**
 * Each compared run's tg results beside the decode speed the server reached on the same host
 * ("tg128 at -t 8 was 41 t/s in llama-bench; the server at -np 1 decoded 38 t/s …"), or why
 * there is nothing to set beside it yet.
 */
export function ServerLinks({ runs }: { runs: ReadonlyArray<{ id: string; label: string }> }) {
  return (
    <section className="card server-links" aria-label="llama-bench against the server" data-testid="bench-server-links">
      <h2 className="card-title">llama-bench against the server</h2>
      <p className="muted small">
        tg is one stream decoding with nothing else running; a server run at 1 user on the same host should come close. A large gap points at the server’s settings
        (threads, slots, batching) rather than the engine.
      </p>
      {runs.map((run) => (
        <RunLinks key={run.id} run={run} showLabel={runs.length > 1} />
      ))}
    </section>
  );
}

function RunLinks({ run, showLabel }: { run: { id: string; label: string }; showLabel: boolean }) {
  const links = useBenchLinks(run.id);
  if (links.data === undefined) return null;
  return (
    <div className="run-links">
      {showLabel && <h3 className="small">{run.label}</h3>}
      {links.data.links.length > 0 && (
        <ul>
          {links.data.links.map((link) => (
            <li key={`${link.test}|${link.threads ?? ''}`} data-testid="bench-link">
              {link.sentence} <a href={routeHref({ page: 'run-detail', runId: link.serverRunId })}>server run</a>
            </li>
          ))}
        </ul>
      )}
      {links.data.notes.map((note) => (
        <p key={note} className="muted small">
          {note}
        </p>
      ))}
    </div>
  );
}
