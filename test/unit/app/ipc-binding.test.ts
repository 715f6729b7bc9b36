import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../../src-shared/contract';
import type { InvokeResult } from '../../../src-shared/contract/wire';

type InvokeListener = (event: { senderFrame: { url: string } | null }, op: unknown, input: unknown) => Promise<InvokeResult>;
const registered = new Map<string, InvokeListener>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, listener: InvokeListener) => registered.set(channel, listener),
    removeHandler: (channel: string) => registered.delete(channel),
  },
}));

const { bindIpc } = await import('../../../src-main/app/ipc-binding');
const { createAppUrlCheck } = await import('../../../src-main/app/app-url');
const { EventBus } = await import('../../../src-main/core/events');
const { channels } = await import('../../../src-shared/contract/names');

const appPage = 'file:///opt/llmwb/out/renderer/index.html';
const isAppUrl = createAppUrlCheck({ indexHtmlPath: '/opt/llmwb/out/renderer/index.html', devServerUrl: undefined });
const handlers = { 'app.info': async () => ({ shell: 'electron', version: '0.1.0', dataDir: '/data' }) } as unknown as Handlers;

let unbind: () => void = () => undefined;
afterEach(() => unbind());

function invokeFrom(url: string | null, op = 'app.info'): Promise<InvokeResult> {
  unbind = bindIpc({ handlers, bus: new EventBus(), isAppUrl, target: () => undefined });
  const listener = registered.get(channels.invoke)!;
  return listener({ senderFrame: url === null ? null : { url } }, op, {});
}

describe('the ipc binding', () => {
  it('answers the app’s own page', async () => {
    expect(await invokeFrom(`${appPage}#/run`)).toEqual({ ok: true, output: { shell: 'electron', version: '0.1.0', dataDir: '/data' } });
  });

  it('refuses a local HTML file that is not the app’s page', async () => {
    const result = await invokeFrom('file:///home/user/Downloads/evil.html');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses a sender whose frame is gone', async () => {
    expect(await invokeFrom(null)).toMatchObject({ ok: false });
  });

  it('removes its handler when unbound', () => {
    unbind = bindIpc({ handlers, bus: new EventBus(), isAppUrl, target: () => undefined });
    unbind();
    unbind = () => undefined;
    expect(registered.has(channels.invoke)).toBe(false);
  });
});
