import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createNodeCore } from '../../src-main/cli/node-core';
import type { Core } from '../../src-main/core/index';
import { benchRunFiles, benchRunsDir } from '../../src-main/core/bench/runs/bench-run-store';
import { dispatch } from '../../src-main/core/dispatch';
import { startBrowserServer, type BrowserServer } from '../../src-main/serve/browser-server';
import { createApiClient, type ApiClient } from '../../src-renderer/api/client';
import { createIpcTransport } from '../../src-renderer/api/ipc-transport';
import { createWsTransport } from '../../src-renderer/api/ws-transport';
import { importBenchInParts } from '../../src-renderer/queries/bench-import';
import { maxBenchImportBytes } from '../../src-shared/contract/bench.contract';
import { maxWsMessageBytes } from '../../src-shared/contract/wire';
import { AppError } from '../../src-shared/errors';
import { makeTempDir } from '../support/temp-dir';

/**
 * Issue #9 item 2: a bench import larger than one WebSocket message (16 MiB) goes in parts, over
 * browser mode's WebSocket and over the Electron IPC path (dispatch, as ipc-binding calls it),
 * and the cap answers with the contract's error instead of closing the connection.
 */
const fixture = resolve(import.meta.dirname, '../fixtures/llama-bench/v0.5.0/llama-bench.md');
let temp: Awaited<ReturnType<typeof makeTempDir>>;
let core: Core;
let server: BrowserServer;
let viaWebSocket: ApiClient;
let viaIpc: ApiClient;
let eighteenMegabytes: string;

beforeAll(async () => {
  temp = await makeTempDir();
  await writeFile(join(temp.dir, 'index.html'), '<!doctype html><title>LLM Workbench</title>');
  core = await createNodeCore({ dataDir: join(temp.dir, 'data'), shell: 'browser' });
  server = await startBrowserServer({ handlers: core.handlers, bus: core.bus, rendererDir: temp.dir });
  const token = new URL(server.url).searchParams.get('token')!;
  const url = `ws://127.0.0.1:${server.port}/ws?token=${token}`;
  viaWebSocket = createApiClient(createWsTransport({ url, hasToken: true, createSocket: (address) => new WebSocket(address) as unknown as globalThis.WebSocket }));
  // Electron's IPC copies arguments with structured clone; dispatch is what ipc-binding calls.
  viaIpc = createApiClient(createIpcTransport({ invoke: (op, input) => dispatch(core.handlers, op, structuredClone(input)), subscribe: () => () => {} }));
  // A captured table after 18 MB of model-loading log, with characters outside the BMP that a careless split would break.
  const logLine = 'llama_model_loader: - kv  12: general.name str = ünïcödé 𝄞 model\n';
  eighteenMegabytes = logLine.repeat(Math.ceil(18_000_000 / logLine.length)) + (await readFile(fixture, 'utf8'));
});

afterAll(async () => {
  await server?.close();
  await core?.close();
  await temp?.cleanup();
});

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  if (error instanceof AppError) return error;
  throw new Error(`expected an AppError, got ${String(error)}`);
}

describe('bench imports larger than one message', () => {
  it('imports an 18 MB file through browser mode in parts, byte for byte', async () => {
    const meta = await importBenchInParts(viaWebSocket, { text: eighteenMegabytes, sourceName: 'llama-bench.log' });
    expect(meta).toMatchObject({ label: 'llama-bench.log', resultCount: 16, source: { format: 'md', bytes: Buffer.byteLength(eighteenMegabytes) } });
    const stored = await viaWebSocket.invoke('bench.get', { benchRunId: meta.id });
    expect(stored.results).toHaveLength(16);
    const raw = await readFile(join(benchRunsDir(join(temp.dir, 'data')), meta.id, benchRunFiles.raw), 'utf8');
    expect(raw === eighteenMegabytes).toBe(true);
  });

  it('imports the same file through the Electron IPC path in parts', async () => {
    const meta = await importBenchInParts(viaIpc, { text: eighteenMegabytes, sourceName: 'llama-bench.log', label: 'over IPC' });
    expect(meta).toMatchObject({ label: 'over IPC', resultCount: 16 });
  });

  it('refuses output over the cap with an error that says what to check, and keeps the connection', async () => {
    const error = await caught(importBenchInParts(viaWebSocket, { text: 'x'.repeat(maxBenchImportBytes + 1), sourceName: 'huge.log' }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/larger than the 64 MiB a bench import takes/);
    expect(error.hint).toMatch(/llama-bench output is a few kilobytes/);
    expect((await viaWebSocket.invoke('app.info', {})).shell).toBe('browser');
  });

  it('fails a single call over the message limit alone, without sending it or losing the socket', async () => {
    const error = await caught(viaWebSocket.invoke('bench.import', { text: 'x'.repeat(maxWsMessageBytes + 1) }));
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/larger than the 16 MiB/) });
    expect((await viaWebSocket.invoke('app.info', {})).shell).toBe('browser');
  });

  it('tells a caller who sends text too long for one call to send it in parts', async () => {
    const error = await caught(viaIpc.invoke('bench.import', { text: 'x'.repeat(4 * 1024 * 1024) }));
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/send it in parts with bench.importPart/) });
  });
});
