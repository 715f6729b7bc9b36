import type { EventName, OperationName } from '../../src-shared/contract';
import { ServerMessage, type ClientMessage } from '../../src-shared/contract/wire';
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
export function wsOptionsFromLocation(location: Pick<Location, 'protocol' | 'host' | 'search' | 'origin'>): WsTransportOptions {
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
 * out to subscribers. It reconnects with exponential back-off; calls made while it is down fail
 * at once (the app refetches everything when the socket comes back, so nothing waits forever).
 */
export function createWsTransport(options: WsTransportOptions): Transport {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));
  const backoff = options.backoff ?? { initialMs: 500, maxMs: 10_000 };
  const pending = new Map<number, Pending>();
  const queued: Array<{ message: ClientMessage } & Pending> = [];
  const eventListeners = new Map<string, Listeners<unknown>>();
  const stateListeners = new Listeners<ConnectionState>();
  let state: ConnectionState = { kind: 'connecting' };
  let socket: WebSocket | null = null;
  let nextId = 1;
  let isOpen = false;
  let hasOpened = false;
  let attempt = 0;
  const probe = options.probe ?? (() => Promise.resolve<ProbeResult>('accepted'));

  function setState(next: ConnectionState): void {
    state = next;
    stateListeners.emit(next);
  }

  function failAll(error: AppError): void {
    for (const call of [...pending.values(), ...queued]) call.reject(error);
    pending.clear();
    queued.length = 0;
  }

  function onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = ServerMessage.safeParse(json);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'event') {
      eventListeners.get(message.name)?.emit(message.payload);
      return;
    }
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    if (message.result.ok) call.resolve(message.result.output);
    else call.reject(AppError.fromWire(message.result.error));
  }

  function onOpen(): void {
    isOpen = true;
    hasOpened = true;
    attempt = 0;
    setState({ kind: 'open' });
    for (const call of queued.splice(0)) send(call.message, call);
  }

  function onClose(): void {
    const wasOpen = socket !== null && isOpen;
    socket = null;
    isOpen = false;
    // Calls made before the first open stay queued until the diagnosis says whether to give up.
    if (wasOpen) failAll(lostError());
    if (!options.hasToken) {
      // No token at all: nothing will change by retrying until the user opens the right address.
      setState({ kind: 'refused', reason: 'missing_token' });
      failAll(refusedError('missing_token'));
      return;
    }
    void diagnose();
  }

  async function diagnose(): Promise<void> {
    const verdict = await probe();
    if (verdict === 'refused') {
      setState({ kind: 'refused', reason: 'rejected' });
      failAll(refusedError('rejected'));
      return;
    }
    attempt += 1;
    const retryInMs = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (attempt - 1));
    setState({ kind: 'reconnecting', attempt, retryInMs });
    setTimeout(connect, retryInMs);
  }

  function connect(): void {
    const ws = createSocket(options.url);
    socket = ws;
    ws.addEventListener('open', onOpen);
    ws.addEventListener('message', (event) => onMessage(event.data));
    ws.addEventListener('close', onClose);
  }

  function send(message: ClientMessage, call: Pending): void {
    pending.set(message.id, call);
    socket?.send(JSON.stringify(message));
  }

  connect();

  return {
    invoke(op: OperationName, input: unknown) {
      return new Promise((resolve, reject) => {
        const message: ClientMessage = { type: 'invoke', id: nextId++, op, input };
        if (state.kind === 'open') send(message, { resolve, reject });
        else if (!hasOpened && state.kind !== 'refused') queued.push({ message, resolve, reject });
        else reject(state.kind === 'refused' ? refusedError(state.reason) : notConnectedError());
      });
    },
    subscribe(event: EventName, listener: (payload: unknown) => void) {
      let set = eventListeners.get(event);
      if (!set) eventListeners.set(event, (set = new Listeners()));
      return set.add(listener);
    },
    getState: () => state,
    onStateChange: (listener) => stateListeners.add(listener),
  };
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
