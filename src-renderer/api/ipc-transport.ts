import type { EventName, OperationName } from '../../src-shared/contract';
import { InvokeResult } from '../../src-shared/contract/wire';
import { AppError } from '../../src-shared/errors';
import type { ConnectionState, Transport } from './client';

/**
 * What the Electron preload exposes on `window.llmwb` (contextBridge). `invoke` answers with
 * the same InvokeResult envelope the WebSocket binding uses (see contract/wire.ts), so errors
 * cross as data and are rebuilt here; `subscribe` never hands an IpcRendererEvent to the page.
 */
export interface LlmwbBridge {
  invoke(op: string, input: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    llmwb?: LlmwbBridge;
  }
}

const open: ConnectionState = { kind: 'open' };

/** Electron: the preload is always there, so the connection is always open. */
export function createIpcTransport(bridge: LlmwbBridge): Transport {
  return {
    async invoke(op: OperationName, input: unknown) {
      const raw = await bridge.invoke(op, input);
      const result = InvokeResult.safeParse(raw);
      if (!result.success) {
        throw new AppError('parse_error', `The preload answered ${op} outside the invoke/result envelope.`);
      }
      if (!result.data.ok) throw AppError.fromWire(result.data.error);
      return result.data.output;
    },
    subscribe: (event: EventName, listener: (payload: unknown) => void) => bridge.subscribe(event, listener),
    getState: () => open,
    onStateChange: () => () => {},
  };
}
