import { z } from 'zod';
import { AppErrorData } from '../errors';

/**
 * Messages of the WebSocket binding (browser mode). The Electron binding uses the same
 * invoke/result pairs over ipcRenderer.invoke, so both transports share one client.
 *
 * Browser mode: ws://127.0.0.1:PORT/ws?token=TOKEN — a connection without the right token is refused.
 */
/**
 * The largest WebSocket message either side sends or accepts, in bytes. A larger message closes
 * the socket with 1009, so the browser transport refuses to send one and big inputs (a bench
 * import) travel in parts through their own operations instead.
 */
export const maxWsMessageBytes = 16 * 1024 * 1024;

export const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('invoke'), id: z.number().int().nonnegative(), op: z.string(), input: z.unknown() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const InvokeResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), output: z.unknown() }),
  z.object({ ok: z.literal(false), error: AppErrorData }),
]);
export type InvokeResult = z.infer<typeof InvokeResult>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int().nonnegative(), result: InvokeResult }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
