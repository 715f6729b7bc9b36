import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow } from 'electron';
import { createCore, type Core } from '../core/index';
import { inProcessDemoPort } from '../demo/demo-port';
import { bindIpc } from './ipc-binding';
import { createSafeStorageSecrets } from './safe-storage';
import { applyContentSecurityPolicy, blockNavigation, denyPermissions, secureWebPreferences } from './security';
// electron-vite bundles the worker as its own file and hands us its path.
import workerEntry from '../core/loadgen/worker/loadgen.worker?modulePath';

const here = dirname(fileURLToPath(import.meta.url));

/** The app's own pages: the dev server in development, the bundled files otherwise. */
const isAppUrl = (url: string): boolean =>
  url.startsWith('file://') || (process.env.ELECTRON_RENDERER_URL !== undefined && url.startsWith(process.env.ELECTRON_RENDERER_URL));

async function startCore(): Promise<Core> {
  return createCore({
    dataDir: app.getPath('userData'),
    shell: 'electron',
    version: app.getVersion(),
    workerEntry,
    secrets: createSafeStorageSecrets(join(app.getPath('userData'), 'secrets.json')),
    demo: inProcessDemoPort,
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 900,
    title: 'LLM Workbench',
    show: false,
    webPreferences: secureWebPreferences(join(here, '../preload/preload.cjs')),
  });
  blockNavigation(window.webContents, isAppUrl);
  window.once('ready-to-show', () => window.show());
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void window.loadFile(join(here, '../renderer/index.html'));
  return window;
}

async function main(): Promise<void> {
  await app.whenReady();
  applyContentSecurityPolicy();
  denyPermissions();
  const core = await startCore();
  let window: BrowserWindow | undefined = createWindow();
  const unbind = bindIpc({ handlers: core.handlers, bus: core.bus, isAppUrl, target: () => window?.webContents });
  window.on('closed', () => (window = undefined));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    unbind();
    void core.close();
  });
}

void main();
