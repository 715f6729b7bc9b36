import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoadgen, type LoadgenResult } from '../../src-main/core/loadgen/pool';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import type { RequestRecord } from '../../src-shared/schemas/request-record';
import { RunPlan, type RunPlanInput } from '../../src-shared/schemas/run-plan';
import { startScriptedServer, type ScriptedReply, type ScriptedServer } from '../support/scripted-server';

async function runAgainst(url: string, overrides: Partial<RunPlanInput> = {}): Promise<{ result: LoadgenResult; records: RequestRecord[] }> {
  const plan = RunPlan.parse({ url, load: { kind: 'closed', virtualUsers: 2 }, requestCount: 4, maxTokens: 8, ...overrides });
  const records: RequestRecord[] = [];
  const run = startLoadgen({ runId: 'errors', plan, workerEntry: defaultWorkerEntry(), sink: { records: (batch) => records.push(...batch), series: () => undefined, progress: () => undefined } });
  return { result: await run.done, records };
}

/** A port on loopback that nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('error classes', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(() => server.close());

  const cases: Array<[string, ScriptedReply, string]> = [
    ['a stream cut after two tokens', { tokens: 8, cutAfterTokens: 2 }, 'stream_cut'],
    ['a stream that ends without a finish reason or [DONE]', { tokens: 3, sendFinish: false, sendDone: false, usage: 'never' }, 'stream_cut'],
    ['a 200 stream with no content at all', { tokens: 0 }, 'empty_answer'],
    ['an in-stream context error', { tokens: 8, streamErrorAfterTokens: 1 }, 'context_exceeded'],
    ['llama.cpp exceed_context_size_error (HTTP 400)', { plain: { status: 400, contentType: 'application/json', body: '{"error":{"code":400,"message":"request (2515 tokens) exceeds the available context size (2048 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":2515,"n_ctx":2048}}' } }, 'context_exceeded'],
    ['an HTTP 500', { plain: { status: 500, contentType: 'application/json', body: '{"error":{"code":500,"message":"boom","type":"server_error"}}' } }, 'http_5xx'],
    ['an HTTP 429', { plain: { status: 429, contentType: 'text/plain', body: 'slow down' } }, 'http_4xx'],
  ];

  it.each(cases)('classes %s', async (_name, reply, expected) => {
    server.setReply(reply);
    const { result, records } = await runAgainst(server.url);
    expect(result.status).toBe('completed');
    expect(result.summary.completed).toBe(0);
    expect(result.summary.failed).toBe(4);
    expect(result.summary.errorsByClass).toEqual({ [expected]: 4 });
    expect(records.map((record) => record.errorClass)).toEqual([expected, expected, expected, expected]);
    expect(records.every((record) => record.errorMessage !== null)).toBe(true);
  });

  it('classes a request slower than the request timeout as timeout', async () => {
    server.setReply({ firstTokenDelayMs: 5_000, tokens: 1 });
    const { result, records } = await runAgainst(server.url, { requestTimeoutS: 0.3, requestCount: 2 });
    expect(result.summary.errorsByClass).toEqual({ timeout: 2 });
    expect(records.every((record) => record.e2eMs >= 290 && record.e2eMs < 1500)).toBe(true);
  });

  it('classes a closed port as connection_refused', async () => {
    const { result } = await runAgainst(`http://127.0.0.1:${await closedPort()}`);
    expect(result.summary.errorsByClass).toEqual({ connection_refused: 4 });
  });

  it('classes a connection the server drops before answering as connection_reset', async () => {
    const rude = createServer((socket) => socket.once('data', () => socket.destroy()));
    await new Promise<void>((resolve) => rude.listen(0, '127.0.0.1', resolve));
    try {
      const { result } = await runAgainst(`http://127.0.0.1:${(rude.address() as { port: number }).port}`);
      expect(result.summary.errorsByClass).toEqual({ connection_reset: 4 });
    } finally {
      rude.close();
    }
  });

  it('sends ignore_eos only when the plan asks for it', async () => {
    server.setReply({ tokens: 2 });
    const before = server.requests.length;
    await runAgainst(server.url, { ignoreEos: true, requestCount: 1, load: { kind: 'closed', virtualUsers: 1 } });
    expect(server.requests.slice(before).map((request) => request.body?.ignore_eos)).toEqual([true]);
  });
});
