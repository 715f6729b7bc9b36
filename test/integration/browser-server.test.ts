import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Handlers } from '../../src-shared/contract';
import { EventBus } from '../../src-main/core/events';
import { startBrowserServer, type BrowserServer } from '../../src-main/serve/browser-server';
import { makeTempDir } from '../support/temp-dir';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let server: BrowserServer;
const bus = new EventBus();

beforeEach(async () => {
  temp = await makeTempDir();
  await writeFile(join(temp.dir, 'index.html'), '<!doctype html><title>LLM Workbench</title>');
  const handlers = { 'app.info': async () => ({ shell: 'browser', version: 'test', dataDir: temp.dir }) } as unknown as Handlers;
  server = await startBrowserServer({ handlers, bus, rendererDir: temp.dir });
});
afterEach(async () => {
  await server.close();
  await temp.cleanup();
});

const token = () => new URL(server.url).searchParams.get('token')!;
const wsUrl = (query: string) => `ws://127.0.0.1:${server.port}/ws${query}`;

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
  });
}

function nextMessage(socket: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()))));
}

describe('browser mode', () => {
  it('binds to 127.0.0.1 and prints a URL that carries a random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses the page without the token and serves it with the token and a CSP', async () => {
    const refused = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/open the exact URL/);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('refuses a WebSocket without the token, with a wrong token, or from another origin', async () => {
    await expect(openSocket(wsUrl(''))).rejects.toThrow(/403/);
    await expect(openSocket(wsUrl('?token=wrong'))).rejects.toThrow(/403/);
    await expect(openSocket(wsUrl(`?token=${token()}`), { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('answers contract calls and turns bad input into AppError data', async () => {
    const socket = await openSocket(wsUrl(`?token=${token()}`), { origin: `http://127.0.0.1:${server.port}` });
    socket.send(JSON.stringify({ type: 'invoke', id: 1, op: 'app.info', input: {} }));
    expect(await nextMessage(socket)).toMatchObject({ type: 'result', id: 1, result: { ok: true, output: { shell: 'browser' } } });
    socket.send(JSON.stringify({ type: 'invoke', id: 2, op: 'runs.stop', input: { runId: '' } }));
    expect(await nextMessage(socket)).toMatchObject({ id: 2, result: { ok: false, error: { code: 'invalid_input' } } });
    socket.send(JSON.stringify({ type: 'invoke', id: 3, op: 'fs.readFile', input: {} }));
    expect(await nextMessage(socket)).toMatchObject({ id: 3, result: { ok: false, error: { message: 'Unknown operation "fs.readFile".' } } });
    socket.close();
  });

  it('pushes core events to every connected page', async () => {
    const socket = await openSocket(wsUrl(`?token=${token()}`));
    const message = nextMessage(socket);
    bus.emit('workspaces.changed', { workspaceId: 'w1' });
    expect(await message).toEqual({ type: 'event', name: 'workspaces.changed', payload: { workspaceId: 'w1' } });
    socket.close();
  });
});
