import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Handlers } from '../../src-shared/contract';
import { channels } from '../../src-shared/contract/names';
import type { InvokeResult } from '../../src-shared/contract/wire';
import { dispatch } from '../core/dispatch';
import type { EventBus } from '../core/events';

/**
 * Binds the contract to ipcMain: one handler for every operation (the dispatcher parses the
 * input with zod), only for frames showing our own app, and forwards every core event.
 */
export function bindIpc(options: { handlers: Handlers; bus: EventBus; isAppUrl: (url: string) => boolean; target: () => WebContents | undefined }): () => void {
  ipcMain.handle(channels.invoke, async (event: IpcMainInvokeEvent, op: unknown, input: unknown): Promise<InvokeResult> => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!options.isAppUrl(frameUrl)) {
      return { ok: false, error: { code: 'invalid_input', message: 'Refused: the request did not come from the app window.' } };
    }
    return dispatch(options.handlers, typeof op === 'string' ? op : '', input);
  });
  const off = options.bus.onAny((name, payload) => options.target()?.send(channels.event, { name, payload }));
  return () => {
    off();
    ipcMain.removeHandler(channels.invoke);
  };
}
