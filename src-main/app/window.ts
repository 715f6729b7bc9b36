import { BrowserWindow } from 'electron';
import { blockNavigation } from './security';

export interface WindowOptions {
  preloadPath: string;
  /** The bundled index.html, loaded when no dev server runs. */
  indexHtmlPath: string;
  devServerUrl: string | undefined;
  isAppUrl: (url: string) => boolean;
}

/**
 * The one window. Its web preferences are written out here, in the constructor call, so the
 * electronegativity scan in `npm test` can read them: the page runs sandboxed and isolated with
 * no Node, reaches main only through the preload's two functions, and middle-click (auxclick)
 * cannot open a window behind the window-open handler's back.
 */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 900,
    title: 'LLM Workbench',
    show: false,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  blockNavigation(window.webContents, options.isAppUrl);
  window.once('ready-to-show', () => window.show());
  if (options.devServerUrl) void window.loadURL(options.devServerUrl);
  else void window.loadFile(options.indexHtmlPath);
  return window;
}
