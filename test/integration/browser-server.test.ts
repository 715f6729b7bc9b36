import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Handlers } from '../../src-shared/contract';
import { maxWsMessageBytes } from '../../src-shared/contract/wire';
import { EventBus } from '../../src-main/core/events';
import { startBrowserServer, type BrowserServer } from '../../src-main/serve/browser-server';
import { rawGet } from '../support/raw-http';
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

function closeOf(socket: WebSocket): Promise<{ code: number }> {
  return new Promise((resolve) => socket.once('close', (code) => resolve({ code })));
}

async function answersAppInfo(): Promise<boolean> {
  const socket = await openSocket(wsUrl(`?token=${token()}`));
  socket.send(JSON.stringify({ type: 'invoke', id: 1, op: 'app.info', input: {} }));
  const message = await nextMessage(socket);
  socket.close();
  return (message as { result?: { ok?: boolean } }).result?.ok === true;
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

  it('answers 400 to malformed percent-escapes and goes on serving', async () => {
    for (const target of ['/%ff', '/%E0%A4%A', '/assets/%c0%af', `/%ff?token=${token()}`]) {
      expect((await rawGet(server.port, target)).status).toBe(400);
    }
    expect((await fetch(server.url)).status).toBe(200);
  });

  it('asks for the token on every path that resolves to the page, however it is spelled', async () => {
    for (const target of ['/%2findex.html', '/assets/..%2findex.html', '/assets/%2e%2e/index.html', '/assets/..\\index.html', '//index.html', '/./index.html']) {
      const answer = await rawGet(server.port, target);
      expect({ target, status: answer.status }).toEqual({ target, status: 403 });
    }
    expect((await rawGet(server.port, `/assets/..%2findex.html?token=${token()}`)).status).toBe(200);
  });

  it('serves the bundle under /assets without the token and nothing outside the renderer folder', async () => {
    await mkdir(join(temp.dir, 'assets'));
    await writeFile(join(temp.dir, 'assets', 'app.js'), 'console.log(1)');
    expect((await rawGet(server.port, '/assets/app.js')).status).toBe(200);
    expect((await rawGet(server.port, `/assets/..%2f..%2f..%2fetc%2fpasswd?token=${token()}`)).status).toBe(404);
    expect((await rawGet(server.port, '/assets/%00.js')).status).toBe(400);
  });

  it('answers 400 to a request target that is not a path, and survives one that no URL parser accepts', async () => {
    expect((await rawGet(server.port, 'http://127.0.0.1/index.html')).status).toBe(400);
    expect((await rawGet(server.port, '*')).status).toBe(400);
    expect((await rawGet(server.port, '//[')).status).toBe(403);
    const upgrade = await rawGet(server.port, `//[/ws?token=${token()}`, { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-version': '13' });
    expect(upgrade.status).toBe(403);
    expect(await answersAppInfo()).toBe(true);
  });

  it('closes only the socket that sends a frame over the size limit, with code 1009', async () => {
    const socket = await openSocket(wsUrl(`?token=${token()}`));
    const closed = closeOf(socket);
    socket.send('x'.repeat(maxWsMessageBytes + 1));
    expect(await closed).toEqual({ code: 1009 });
    expect(await answersAppInfo()).toBe(true);
  });

  it('closes only the socket that sends a text frame of invalid UTF-8, with code 1007', async () => {
    const socket = await openSocket(wsUrl(`?token=${token()}`));
    const closed = closeOf(socket);
    socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await closed).toEqual({ code: 1007 });
    expect(await answersAppInfo()).toBe(true);
  });
});
