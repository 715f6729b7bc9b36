import { afterEach, describe, expect, it } from 'vitest';
import { startLoadgen, type LoadgenResult } from '../../src-main/core/loadgen/pool';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import type { RequestRecord } from '../../src-shared/schemas/request-record';
import { RunPlan, type RunPlanInput } from '../../src-shared/schemas/run-plan';
import { startScriptedServer, type ReceivedRequest, type ScriptedReply, type ScriptedServer } from '../support/scripted-server';

async function runAgainst(server: ScriptedServer, plan: Partial<RunPlanInput> & { workerCount?: number }): Promise<{ result: LoadgenResult; records: RequestRecord[] }> {
  const { workerCount = 1, ...overrides } = plan;
  const parsed = RunPlan.parse({ url: server.url, load: { kind: 'closed', virtualUsers: 1 }, requestCount: 4, maxTokens: 4, ...overrides });
  const records: RequestRecord[] = [];
  const run = startLoadgen({ runId: 'reuse', plan: parsed, workerEntry: defaultWorkerEntry(), workerCount, sink: { records: (batch) => records.push(...batch), series: () => undefined, progress: () => undefined } });
  return { result: await run.done, records };
}

const chatPosts = (server: ScriptedServer): ReceivedRequest[] => server.requests.filter((request) => request.path === '/v1/chat/completions');

/** Replies `second` to every other chat request, `first` to the rest. */
function alternating(first: ScriptedReply, second: ScriptedReply): (request: ReceivedRequest) => ScriptedReply {
  let count = 0;
  return () => (count++ % 2 === 0 ? first : second);
}

/** Replies `first` to the first chat request and `rest` to every later one. */
function firstThen(first: ScriptedReply, rest: ScriptedReply): (request: ReceivedRequest) => ScriptedReply {
  let count = 0;
  return () => (count++ === 0 ? first : rest);
}

describe('connection reuse against servers that close connections', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reports no failure when the server closes each connection after its stream, like llama-server: the dead reuse is sent again on a new connection', async () => {
    // The close comes 300 ms after each stream: each user has long sent its next request into the dying connection.
    server = await startScriptedServer({ tokens: 4, tokenIntervalMs: 2, closeAfterStreamMs: 300 });
    const { result, records } = await runAgainst(server, { load: { kind: 'closed', virtualUsers: 6 }, requestCount: 60, workerCount: 2 });
    expect(result.summary).toMatchObject({ completed: 60, failed: 0, errorsByClass: {}, serverClosesAfterAnswer: true });
    expect(result.summary.staleConnectionRetries).toBeGreaterThan(0);
    const retried = records.filter((record) => record.staleConnectionRetry === true);
    expect(retried).toHaveLength(result.summary.staleConnectionRetries!);
    // The retry keeps the scheduled instant: the wait for the server's close (300 ms, less the
    // client's own delay in seeing the previous answer end) is inside its TTFT.
    for (const record of retried) expect(record.ttftMs).toBeGreaterThanOrEqual(100);
    // The server never read the requests it closed under, so each of the 60 reached it once.
    expect(chatPosts(server)).toHaveLength(60);
    expect(chatPosts(server).at(-1)?.headers.connection).toBe('close');
  });

  it('keeps reusing the connections of a server that keeps them alive', async () => {
    server = await startScriptedServer({ tokens: 4, tokenIntervalMs: 2 });
    const { result } = await runAgainst(server, { load: { kind: 'closed', virtualUsers: 3 }, requestCount: 24 });
    expect(result.summary).toMatchObject({ completed: 24, failed: 0, staleConnectionRetries: 0 });
    expect(result.summary.serverClosesAfterAnswer).toBeUndefined();
    expect(chatPosts(server).every((request) => request.headers.connection === 'keep-alive')).toBe(true);
  });

  it('counts a stream the server breaks after its first bytes on a reused connection as a failure, without sending it again', async () => {
    server = await startScriptedServer(alternating({ tokens: 4 }, { tokens: 4, cutAfterTokens: 1 }));
    const { result, records } = await runAgainst(server, { requestCount: 4 });
    expect(result.summary).toMatchObject({ completed: 2, failed: 2, errorsByClass: { stream_cut: 2 }, staleConnectionRetries: 0 });
    expect(records.some((record) => record.staleConnectionRetry === true)).toBe(false);
    expect(chatPosts(server)).toHaveLength(4);
  });

  it('sends a request that dies unanswered on a reused connection once more, and counts it as a failure when that dies too', async () => {
    server = await startScriptedServer(firstThen({ tokens: 4 }, { destroyOnArrival: true }));
    // 1: answered (the connection stays open); 2: reset on the reused connection, retried on a new one, reset again.
    const { result, records } = await runAgainst(server, { requestCount: 2 });
    expect(result.summary).toMatchObject({ completed: 1, failed: 1, errorsByClass: { connection_reset: 1 }, staleConnectionRetries: 1 });
    expect(records.find((record) => record.errorClass === 'connection_reset')?.staleConnectionRetry).toBe(true);
  });

  it('never retries a request the server resets on a fresh connection', async () => {
    server = await startScriptedServer({ destroyOnArrival: true });
    const { result } = await runAgainst(server, { requestCount: 1 });
    expect(result.summary).toMatchObject({ completed: 0, failed: 1, errorsByClass: { connection_reset: 1 }, staleConnectionRetries: 0 });
    expect(chatPosts(server)).toHaveLength(1);
  });
});
