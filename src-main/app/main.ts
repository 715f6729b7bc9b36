import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, session, type BrowserWindow } from 'electron';
import { createCore, defaultDataDir, type Core } from '../core/index';
import { inProcessDemoPort } from '../demo/demo-port';
import { createAppUrlCheck } from './app-url';
import { createFileDialogs } from './file-dialogs';
import { bindIpc } from './ipc-binding';
import { createNoticeBoard } from './notices';
import { quitAfterClose } from './quit-after-close';
import { createReadGrants } from './read-grants';
import { createSafeStorageSecrets } from './safe-storage';
import { applyContentSecurityPolicy, denyPermissions } from './security';
import { createMainWindow } from './window';
// electron-vite bundles the worker as its own file and hands us its path.
import workerEntry from '../core/loadgen/worker/loadgen.worker?modulePath';

const here = dirname(fileURLToPath(import.meta.url));
const indexHtmlPath = join(here, '../renderer/index.html');
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
/** The app's own page, exactly; the window, the ipc binding and the navigation guards all ask this one check. */
const isAppUrl = createAppUrlCheck({ indexHtmlPath, devServerUrl });
/** How long quitting waits for runs to stop and their records to reach the disk. */
const closeTimeoutMs = 15_000;

let window: BrowserWindow | undefined;
const currentWindow = (): BrowserWindow | undefined => window;
const notices = createNoticeBoard(currentWindow);

async function startCore(): Promise<Core> {
  return createCore({
    // The same data folder as `llmwb run` and browser mode (LLMWB_DATA_DIR, else the XDG data dir),
    // so runs made on the command line show in the app's History. Secrets stay in userData.
    dataDir: defaultDataDir(),
    shell: 'electron',
    version: app.getVersion(),
    workerEntry,
    secrets: createSafeStorageSecrets(join(app.getPath('userData'), 'secrets.json'), (notice) => notices.show([notice])),
    demo: inProcessDemoPort,
    localFiles: createReadGrants({ ...createFileDialogs(currentWindow, homedir()), homeDir: homedir() }),
  });
}

async function main(): Promise<void> {
  await app.whenReady();
  applyContentSecurityPolicy(session.defaultSession);
  denyPermissions(session.defaultSession);
  const core = await startCore();
  window = createMainWindow({ preloadPath: join(here, '../preload/preload.cjs'), indexHtmlPath, devServerUrl, isAppUrl });
  window.once('ready-to-show', () => notices.show(core.notices));
  window.on('closed', () => (window = undefined));
  const unbind = bindIpc({ handlers: core.handlers, bus: core.bus, isAppUrl, target: () => window?.webContents });
  app.on('window-all-closed', () => app.quit());
  app.on(
    'before-quit',
    quitAfterClose({
      close: async () => {
        unbind();
        await core.close();
      },
      exit: (code) => app.exit(code),
      timeoutMs: closeTimeoutMs,
      log: (message) => console.error(message),
    }),
  );
}

void main();
