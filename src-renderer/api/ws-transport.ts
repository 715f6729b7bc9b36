import type { EventName, OperationName } from '../../src-shared/contract';
import { maxWsMessageBytes, ServerMessage, type ClientMessage } from '../../src-shared/contract/wire';
import { AppError } from '../../src-shared/errors';
import type { ConnectionState, Transport } from './client';
import { Listeners } from './listeners';

export interface WsTransportOptions {
  /** ws://host/ws?token=… */
  url: string;
  /** Whether the page's address carried a token at all; without one, retrying is pointless. */
  hasToken: boolean;
  /** Injected by tests; the browser's WebSocket otherwise. */
  createSocket?: (url: string) => WebSocket;
  backoff?: { initialMs: number; maxMs: number };
  /**
   * A browser cannot see why a WebSocket handshake failed (403 and "nobody listening" both look
   * like close code 1006), so after a failed attempt the transport asks the page's own server
   * over HTTP. Injected by tests; `probeServer` otherwise.
   */
  probe?: () => Promise<ProbeResult>;
}

/** `refused`: the server is up and rejects this token; `down`: nothing answers. */
export type ProbeResult = 'accepted' | 'refused' | 'down';

interface Pending {
  resolve: (output: unknown) => void;
  reject: (error: AppError) => void;
}

/** The address browser mode serves the page from carries the token the WebSocket needs. */
export function wsOptionsFromLocation(location: { protocol: string; host: string; search: string; origin: string }): WsTransportOptions {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = `token=${encodeURIComponent(token)}`;
  return {
    url: `${scheme}://${location.host}/ws?${query}`,
    hasToken: token !== '',
    probe: () => probeServer(`${location.origin}/?${query}`),
  };
}

/** The page's own address with the same token: 403 means the token is refused, a network error that nobody is there. */
export async function probeServer(pageUrl: string): Promise<ProbeResult> {
  try {
    const response = await fetch(pageUrl, { method: 'GET', cache: 'no-store', credentials: 'omit' });
    return response.status === 401 || response.status === 403 ? 'refused' : 'accepted';
  } catch {
    return 'down';
  }
}

/**
 * Browser mode: one WebSocket to `serve`, invoke/result pairs matched by id, push events fanned
 * out to subscribers. Calls made before the first open wait for it; after a drop it reconnects
 * with exponential back-off and calls made meanwhile fail at once (the app refetches everything
 * when the socket comes back, so nothing waits forever).
 */
export function createWsTransport(options: WsTransportOptions): Transport {
  return new WsTransport(options);
}

class WsTransport implements Transport {
  private readonly pending = new Map<number, Pending>();
  private readonly queued: Array<{ message: ClientMessage } & Pending> = [];
  private readonly eventListeners = new Map<string, Listeners<unknown>>();
  private readonly stateListeners = new Listeners<ConnectionState>();
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly probe: () => Promise<ProbeResult>;
  private state: ConnectionState = { kind: 'connecting' };
  private socket: WebSocket | null = null;
  private nextId = 1;
  private hasOpened = false;
  private attempt = 0;

  constructor(private readonly options: WsTransportOptions) {
    this.backoff = options.backoff ?? { initialMs: 500, maxMs: 10_000 };
    this.probe = options.probe ?? (() => Promise.resolve<ProbeResult>('accepted'));
    this.connect();
  }

  invoke(op: OperationName, input: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const message: ClientMessage = { type: 'invoke', id: this.nextId++, op, input };
      if (this.state.kind === 'open') this.send(message, { resolve, reject });
      else if (!this.hasOpened && this.state.kind !== 'refused') this.queued.push({ message, resolve, reject });
      else reject(this.state.kind === 'refused' ? refusedError(this.state.reason) : notConnectedError());
    });
  }

  subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
    let set = this.eventListeners.get(event);
    if (!set) this.eventListeners.set(event, (set = new Listeners()));
    return set.add(listener);
  }

  getState = (): ConnectionState => this.state;

  onStateChange = (listener: (state: ConnectionState) => void): (() => void) => this.stateListeners.add(listener);

  private connect(): void {
    const createSocket = this.options.createSocket ?? ((url: string) => new WebSocket(url));
    const ws = createSocket(this.options.url);
    this.socket = ws;
    ws.addEventListener('open', () => this.onOpen());
    ws.addEventListener('message', (event) => this.onMessage(event.data));
    ws.addEventListener('close', () => this.onClose());
  }

  private setState(next: ConnectionState): void {
    this.state = next;
    this.stateListeners.emit(next);
  }

  /** A message over the server's limit would close the socket and fail every call in flight; only this call fails instead. */
  private send(message: ClientMessage, call: Pending): void {
    const text = JSON.stringify(message);
    if (exceedsMessageLimit(text)) {
      call.reject(tooLargeError(message.op));
      return;
    }
    this.pending.set(message.id, call);
    this.socket?.send(text);
  }

  private failAll(error: AppError): void {
    for (const call of [...this.pending.values(), ...this.queued]) call.reject(error);
    this.pending.clear();
    this.queued.length = 0;
  }

  private onOpen(): void {
    this.hasOpened = true;
    this.attempt = 0;
    this.setState({ kind: 'open' });
    for (const call of this.queued.splice(0)) this.send(call.message, call);
  }

  private onMessage(data: unknown): void {
    const message = parseServerMessage(data);
    if (!message) return;
    if (message.type === 'event') {
      this.eventListeners.get(message.name)?.emit(message.payload);
      return;
    }
    const call = this.pending.get(message.id);
    if (!call) return;
    this.pending.delete(message.id);
    if (message.result.ok) call.resolve(message.result.output);
    else call.reject(AppError.fromWire(message.result.error));
  }

  private onClose(): void {
    const wasOpen = this.state.kind === 'open';
    this.socket = null;
    // Calls made before the first open stay queued until the diagnosis says whether to give up.
    if (wasOpen) this.failAll(lostError());
    if (!this.options.hasToken) {
      // No token at all: nothing will change by retrying until the user opens the right address.
      this.setState({ kind: 'refused', reason: 'missing_token' });
      this.failAll(refusedError('missing_token'));
      return;
    }
    void this.diagnose();
  }

  private async diagnose(): Promise<void> {
    if ((await this.probe()) === 'refused') {
      this.setState({ kind: 'refused', reason: 'rejected' });
      this.failAll(refusedError('rejected'));
      return;
    }
    this.attempt += 1;
    const retryInMs = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** (this.attempt - 1));
    this.setState({ kind: 'reconnecting', attempt: this.attempt, retryInMs });
    setTimeout(() => this.connect(), retryInMs);
  }
}

function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const parsed = ServerMessage.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** UTF-8 takes 1 to 3 bytes per UTF-16 unit of well-formed text (JSON.stringify's is), so most messages need no encoding to be measured. */
function exceedsMessageLimit(text: string): boolean {
  if (text.length > maxWsMessageBytes) return true;
  if (text.length * 3 <= maxWsMessageBytes) return false;
  return new TextEncoder().encode(text).length > maxWsMessageBytes;
}

function tooLargeError(op: string): AppError {
  return new AppError('invalid_input', `The call ${op} is larger than the ${maxWsMessageBytes / 1024 / 1024} MiB the workbench server accepts in one message.`, {
    hint: 'Nothing was sent; large inputs such as a bench import are sent in parts.',
  });
}

function lostError(): AppError {
  return new AppError('unreachable', 'Lost the connection to the workbench server.', {
    hint: 'It reconnects by itself; if it does not, check that `llmwb serve` still runs.',
  });
}

function notConnectedError(): AppError {
  return new AppError('unreachable', 'Not connected to the workbench server.', {
    hint: 'Check that `llmwb serve` still runs; this page reconnects by itself when it is back.',
  });
}

/** Marks the errors the connection banner already explains, so pages need not repeat them. */
const refusalMarker = { transport: 'refused' } as const;

export function isConnectionRefusal(error: unknown): boolean {
  return error instanceof AppError && typeof error.details === 'object' && error.details !== null && (error.details as { transport?: unknown }).transport === 'refused';
}

function refusedError(reason: 'missing_token' | 'rejected'): AppError {
  return reason === 'missing_token'
    ? new AppError('auth_failed', 'This page was opened without its access token.', {
        hint: 'Open the full address that `llmwb serve` printed; it ends in ?token=…',
        details: refusalMarker,
      })
    : new AppError('auth_failed', 'The workbench server refused the connection.', {
        hint: 'The token in this address is wrong or from an earlier run of `llmwb serve`; open the address it printed this time.',
        details: refusalMarker,
      });
}
