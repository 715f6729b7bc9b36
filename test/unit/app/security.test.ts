import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const openExternal = vi.fn(async (_url: string) => undefined);
vi.mock('electron', () => ({ shell: { openExternal } }));

const { blockNavigation, denyPermissions, isExternalLink } = await import('../../../src-main/app/security');
const { createAppUrlCheck } = await import('../../../src-main/app/app-url');

const isAppUrl = createAppUrlCheck({ indexHtmlPath: '/app/out/renderer/index.html', devServerUrl: undefined });

/** Electron's navigation events: a url and a cancel switch. */
class NavigationEvent {
  isCancelled = false;
  constructor(readonly url: string) {}
  preventDefault(): void {
    this.isCancelled = true;
  }
}

/** The part of WebContents that blockNavigation uses: its events and its window-open handler. */
class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
}

function guardedContents(): FakeContents {
  const contents = new FakeContents();
  blockNavigation(contents as never, isAppUrl);
  return contents;
}

function emit(contents: FakeContents, name: string, url: string): NavigationEvent {
  const event = new NavigationEvent(url);
  contents.emit(name, event, url);
  return event;
}

beforeEach(() => openExternal.mockClear());

describe('the window navigation guard', () => {
  for (const name of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
    it(`cancels ${name} to a dropped local HTML file`, () => {
      expect(emit(guardedContents(), name, 'file:///home/user/Downloads/evil.html').isCancelled).toBe(true);
    });

    it(`cancels ${name} to a web page`, () => {
      expect(emit(guardedContents(), name, 'https://example.com/').isCancelled).toBe(true);
    });

    it(`lets ${name} move between routes of the app page`, () => {
      expect(emit(guardedContents(), name, 'file:///app/out/renderer/index.html#/bench').isCancelled).toBe(false);
    });
  }

  it('refuses every <webview>, whatever it would show', () => {
    const contents = guardedContents();
    const event = new NavigationEvent('');
    contents.emit('will-attach-webview', event, {}, { src: 'file:///app/out/renderer/index.html' });
    expect(event.isCancelled).toBe(true);
  });

  it('never opens a window, and hands only https links to the browser', () => {
    const contents = guardedContents();
    for (const url of ['https://github.com/ggml-org/llama.cpp', 'file:///etc/passwd', 'http://example.com/', 'smb://host/share', 'javascript:alert(1)']) {
      expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(openExternal.mock.calls.map(([url]) => url)).toEqual(['https://github.com/ggml-org/llama.cpp']);
  });
});

describe('external links', () => {
  it('are https URLs only', () => {
    expect(isExternalLink('https://example.com/a?b#c')).toBe(true);
    expect(isExternalLink('HTTPS://EXAMPLE.COM/')).toBe(true);
    expect(isExternalLink('file:///tmp/x')).toBe(false);
    expect(isExternalLink('not a url')).toBe(false);
  });
});

describe('the permission handlers', () => {
  it('deny every permission request, every permission check and every device', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (handler: never) => (handlers.request = handler),
      setPermissionCheckHandler: (handler: never) => (handlers.check = handler),
      setDevicePermissionHandler: (handler: never) => (handlers.device = handler),
    };
    denyPermissions(session as never);
    const answers: boolean[] = [];
    (handlers.request as (contents: unknown, permission: string, callback: (granted: boolean) => void) => void)({}, 'media', (granted) => answers.push(granted));
    expect(answers).toEqual([false]);
    expect((handlers.check as (...args: unknown[]) => boolean)({}, 'clipboard-read', 'file://', {})).toBe(false);
    expect((handlers.device as (...args: unknown[]) => boolean)({ deviceType: 'usb' })).toBe(false);
  });
});
