import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channels, eventNames, operationNames } from '../../src-shared/contract/names';

/**
 * The renderer's only way out: invoke a contract operation by name, or subscribe to a
 * contract event. Names outside the contract are refused here, before they reach main;
 * page code never sees ipcRenderer or an IpcRendererEvent.
 */
const operationSet = new Set<string>(operationNames);
const eventSet = new Set<string>(eventNames);
const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(channels.event, (_event: IpcRendererEvent, message: { name: string; payload: unknown }) => {
  for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
});

contextBridge.exposeInMainWorld('llmwb', {
  invoke(op: string, input: unknown): Promise<unknown> {
    if (!operationSet.has(op)) return Promise.reject(new Error(`"${op}" is not an operation of the contract`));
    return ipcRenderer.invoke(channels.invoke, op, input);
  },
  subscribe(name: string, listener: (payload: unknown) => void): () => void {
    if (!eventSet.has(name)) throw new Error(`"${name}" is not an event of the contract`);
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
});
