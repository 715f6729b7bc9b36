/** Closes in a row, with no reused connection answering in between, that make a worker stop reusing connections. */
export const closesBeforeFreshConnections = 2;

/**
 * A server's keep-alive timeout is seconds (llama-server and Node 5 s, nginx 75 s): a close this
 * soon after an answer is the server closing after answers, not an idle connection timing out.
 */
export const closeAfterAnswerWindowMs = 1000;

/**
 * How one worker's connections are used, learnt from the server during the run.
 *
 * llama-server answers a streamed request with `Keep-Alive` and then closes the connection
 * when the stream ends. A client that reuses the socket before it has seen the close sends its
 * next request into a dead connection (that request is retried once, see RequestConsumer). Once
 * the server has closed connections right after answers twice in a row, with no reused
 * connection answering in between, every later request of the worker opens its own connection
 * and asks the server to close it after the answer (`Connection: close`), which removes the
 * race. A server that keeps connections alive and closes one now and then (a `max=100`
 * keep-alive limit) keeps getting reused connections: one reuse that answers resets the count.
 */
export class ConnectionPolicy {
  /** True once each request opens a new connection. */
  isFreshPerRequest = false;
  private closesInRow = 0;

  /** @param onFreshConnections told once, when the worker switches to a new connection per request. */
  constructor(private readonly onFreshConnections: () => void = () => undefined) {}

  /** The server closed a connection right after an answer on it (idle, or under the next request before it was answered). */
  recordServerClose(): void {
    this.closesInRow += 1;
    if (this.isFreshPerRequest || this.closesInRow < closesBeforeFreshConnections) return;
    this.isFreshPerRequest = true;
    this.onFreshConnections();
  }

  /** A request on a reused connection was answered: this server does keep connections alive. */
  recordReuseAnswered(): void {
    this.closesInRow = 0;
  }
}
