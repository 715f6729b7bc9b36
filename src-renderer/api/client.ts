import {
  events,
  operations,
  type EventName,
  type EventPayload,
  type OperationInput,
  type OperationName,
  type OperationOutput,
} from '../../src-shared/contract';
import { AppError, AppErrorData } from '../../src-shared/errors';

/** Why the UI cannot talk to the core right now; the banner turns each into advice. */
export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'open' }
  | { kind: 'reconnecting'; attempt: number; retryInMs: number }
  | { kind: 'refused'; reason: 'missing_token' | 'rejected' };

/**
 * What a transport must do: carry one invoke and deliver push events. It knows nothing of
 * the contract's types; the client adds them, so both transports stay small.
 * `invoke` resolves with the raw output or rejects with an AppError.
 */
export interface Transport {
  invoke(op: OperationName, input: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
  getState(): ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
}

/** The typed face of the contract that queries and the event module use. */
export interface ApiClient {
  invoke<K extends OperationName>(op: K, input: OperationInput<K>): Promise<OperationOutput<K>>;
  subscribe<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
  getState(): ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
}

/**
 * Wraps a transport with the contract's types and parses what comes back with the contract's
 * schemas, so a core that drifts from the contract fails loudly at the door, not deep in a chart.
 */
export function createApiClient(transport: Transport): ApiClient {
  return {
    async invoke(op, input) {
      const raw = await transport.invoke(op, input);
      const parsed = operations[op].output.safeParse(raw);
      if (!parsed.success) {
        throw new AppError('parse_error', `The core answered ${op} with data this UI does not understand.`, {
          hint: 'The app and its core may be different versions; restart the workbench.',
          details: parsed.error.issues,
        });
      }
      return parsed.data as OperationOutput<typeof op>;
    },
    subscribe(event, listener) {
      return transport.subscribe(event, (payload) => {
        const parsed = events[event].safeParse(payload);
        // One malformed event must not take the page down; the next one usually repairs the view.
        if (!parsed.success) {
          console.warn(`Dropped a malformed ${event} event`, parsed.error.issues);
          return;
        }
        listener(parsed.data as EventPayload<typeof event>);
      });
    },
    getState: () => transport.getState(),
    onStateChange: (listener) => transport.onStateChange(listener),
  };
}

/**
 * Anything caught in the UI, as an AppError. The transports already rebuild wire errors; saved
 * runs and run.finished carry the plain wire shape, which is rebuilt here.
 */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const wire = AppErrorData.safeParse(error);
  if (wire.success) return AppError.fromWire(wire.data);
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('internal', message);
}
