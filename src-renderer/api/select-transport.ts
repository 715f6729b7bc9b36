import type { Transport } from './client';
import { createIpcTransport } from './ipc-transport';
import { createWsTransport, wsOptionsFromLocation } from './ws-transport';

/** Electron's preload defines `window.llmwb`; anywhere else this page is browser mode. */
export function selectTransport(win: Window = window): Transport {
  if (win.llmwb) return createIpcTransport(win.llmwb);
  return createWsTransport(wsOptionsFromLocation(win.location));
}
