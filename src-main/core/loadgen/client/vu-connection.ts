import type { Socket } from 'node:net';
import { buildConnector, Client, type Dispatcher } from 'undici';
import { closeAfterAnswerWindowMs, type ConnectionPolicy } from './connection-policy';
import { houseClock } from '../../clock';

const connectTimeoutMs = 10_000;

/**
 * One request slot's own HTTP/1.1 connection: an undici Client holding at most one socket,
 * without pipelining (a stream queued behind another's whole answer would measure the other).
 * Its sockets come from a connector it wraps, so it knows what a shared pool cannot tell: whether
 * a request goes out on a socket that has already carried an answer (a reused keep-alive
 * connection), and whether the server closed a socket right after an answer.
 */
export class VuConnection {
  private readonly client: Client;
  private socket: Socket | null = null;
  private answersOnSocket = 0;
  private lastAnswerEndMs = 0;
  private isRequestOpen = false;
  private isClosingAnnounced = false;

  constructor(
    origin: string,
    private readonly policy: ConnectionPolicy,
  ) {
    const connect = buildConnector({ timeout: connectTimeoutMs });
    this.client = new Client(origin, {
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: (options, callback) =>
        connect(options, (...args) => {
          if (args[0] === null) this.watch(args[1]);
          callback(...args);
        }),
    });
  }

  /** Hands a request to the socket; under the fresh-connection policy it asks the server to close after its answer. */
  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): void {
    this.client.dispatch(this.policy.isFreshPerRequest ? { ...options, reset: true } : options, handler);
  }

  /** A request is being written on the current socket: true when that socket has carried an answer before. */
  beginRequest(): boolean {
    this.isRequestOpen = true;
    this.isClosingAnnounced = false;
    return this.answersOnSocket > 0;
  }

  /** The server said `Connection: close` in a 200 answer: it closes after it, whatever we do. */
  announceClosing(): void {
    this.isClosingAnnounced = true;
  }

  /** The request ended: answered (its whole response arrived) or not; `isReused` as beginRequest said. */
  endRequest(outcome: { isAnswered: boolean; isReused: boolean }): void {
    this.isRequestOpen = false;
    if (!outcome.isAnswered) return;
    this.answersOnSocket += 1;
    this.lastAnswerEndMs = houseClock();
    if (this.isClosingAnnounced) this.policy.recordServerClose();
    else if (outcome.isReused) this.policy.recordReuseAnswered();
  }

  /** A request died on a reused socket before its answer began: the server had closed it after the previous answer. */
  recordStaleReuse(): void {
    this.isRequestOpen = false;
    this.policy.recordServerClose();
  }

  close(): Promise<void> {
    return this.client.destroy();
  }

  private watch(socket: Socket): void {
    this.socket = socket;
    this.answersOnSocket = 0;
    // 'end' is the server's FIN. Under a request in flight the request's own error tells (recordStaleReuse).
    socket.once('end', () => {
      if (socket !== this.socket || this.isRequestOpen || this.isClosingAnnounced || this.answersOnSocket === 0) return;
      if (houseClock() - this.lastAnswerEndMs <= closeAfterAnswerWindowMs) this.policy.recordServerClose();
    });
  }
}
