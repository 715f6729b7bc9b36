import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

const created: Array<{ options: { webPreferences: Record<string, unknown> }; loaded: string[]; contents: EventEmitter }> = [];
vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class BrowserWindow extends EventEmitter {
    readonly webContents = Object.assign(new EventEmitter(), { setWindowOpenHandler: () => undefined });
    private readonly record: (typeof created)[number];
    constructor(options: { webPreferences: Record<string, unknown> }) {
      super();
      this.record = { options, loaded: [], contents: this.webContents };
      created.push(this.record);
    }
    loadFile(path: string) {
      this.record.loaded.push(`file:${path}`);
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
    show() {}
  }
  return { BrowserWindow, shell: { openExternal: async () => undefined } };
});

const { createMainWindow } = await import('../../../src-main/app/window');

describe('the main window', () => {
  it('runs its page sandboxed and isolated, without Node, webviews or middle-click windows', () => {
    createMainWindow({ preloadPath: '/app/out/preload/preload.cjs', indexHtmlPath: '/app/out/renderer/index.html', devServerUrl: undefined, isAppUrl: () => false });
    expect(created.at(-1)!.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('loads the bundled page, and guards its navigation', () => {
    createMainWindow({ preloadPath: '/p.cjs', indexHtmlPath: '/app/out/renderer/index.html', devServerUrl: undefined, isAppUrl: () => false });
    const window = created.at(-1)!;
    expect(window.loaded).toEqual(['file:/app/out/renderer/index.html']);
    for (const name of ['will-navigate', 'will-redirect', 'will-frame-navigate', 'will-attach-webview']) expect(window.contents.listenerCount(name)).toBe(1);
  });
});
