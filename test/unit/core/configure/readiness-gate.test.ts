import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readinessTimeoutMs, runReadinessGate, type StepEvent } from '../../../../src-main/core/configure/readiness-gate';

/** llama-server v0.5.0's real /props body, from a server run with -np 2 -c 4096. */
const props = readFileSync(join(__dirname, '../../../fixtures/configure/props.json'), 'utf8');

interface Script {
  /** /health answers 503 this many times before 200 (never 200 when null). */
  loadingPolls: number | null;
  completionStatus?: number;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** A server that answers the gate's four requests like llama-server loading, then ready. */
async function startServer(script: Script): Promise<{ url: string; healthPolls: () => number }> {
  let polls = 0;
  server = createServer((request, response) => {
    if (request.url === '/health') {
      polls += 1;
      const isReady = script.loadingPolls !== null && polls > script.loadingPolls;
      response.writeHead(isReady ? 200 : 503, { 'content-type': 'application/json' }).end(isReady ? '{"status":"ok"}' : '{"error":{"message":"Loading model","type":"unavailable_error","code":503}}');
    } else if (request.url === '/props') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(props);
    } else {
      request.resume();
      response.writeHead(script.completionStatus ?? 200, { 'content-type': 'application/json' }).end('{"content":"x"}');
    }
  });
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, healthPolls: () => polls };
}

const running = { isRunning: async () => true };

describe('the readiness gate', () => {
  it('passes process, health (503 while loading, then 200), props and a canary, in that order', async () => {
    const { url } = await startServer({ loadingPolls: 2 });
    const events: StepEvent[] = [];
    const result = await runReadinessGate({ launcher: running, endpointUrl: url, asked: { flags: { parallel: 2 } }, healthTimeoutMs: 10_000, pollMs: 10, onStep: (event) => events.push(event) });
    expect(result).toMatchObject({ isReady: true, clamped: [] });
    expect(events.map((event) => `${event.step} ${event.state}`)).toEqual([
      'process started', 'process passed', 'health started', 'health passed', 'props started', 'props passed', 'canary started', 'canary passed',
    ]);
    expect(result.steps[1]?.detail).toMatch(/^\/health answered 200 after .* \(503 while loading before that\)$/);
    expect(result.steps[2]?.detail).toBe('/props shows parallel 2');
  });

  it('reports a value the server runs with that differs from the one asked for as clamped, not failed', async () => {
    const { url } = await startServer({ loadingPolls: 0 });
    const result = await runReadinessGate({ launcher: running, endpointUrl: url, asked: { flags: { parallel: 3, threads: 4 } }, healthTimeoutMs: 10_000 });
    expect(result.isReady).toBe(true);
    expect(result.clamped).toEqual([{ key: 'parallel', asked: 3, effective: 2 }]);
    expect(result.steps[2]?.detail).toContain('clamped by the server: parallel asked 3, runs with 2');
  });

  it('fails at health as soon as the process exits, without waiting out the timeout', async () => {
    const { url, healthPolls } = await startServer({ loadingPolls: null });
    let checks = 0;
    const exitsOnThirdCheck = { isRunning: async () => ++checks < 3 };
    const result = await runReadinessGate({ launcher: exitsOnThirdCheck, endpointUrl: url, asked: { flags: {} }, healthTimeoutMs: 600_000, pollMs: 10 });
    expect(result.failure).toEqual({ step: 'health', reason: 'the server process exited while starting (last /health: HTTP 503)' });
    expect(healthPolls()).toBe(2);
  });

  it('fails at the canary when a one-token completion does not answer 200', async () => {
    const { url } = await startServer({ loadingPolls: 0, completionStatus: 500 });
    const result = await runReadinessGate({ launcher: running, endpointUrl: url, asked: { flags: {} }, healthTimeoutMs: 10_000 });
    expect(result).toMatchObject({ isReady: false, failure: { step: 'canary' } });
    expect(result.failure?.reason).toMatch(/^a one-token completion answered HTTP 500/);
  });

  it('scales the /health timeout with the model size', () => {
    expect(readinessTimeoutMs()).toBe(30_000);
    expect(readinessTimeoutMs(10 * 1024 ** 3)).toBe(30_000 + 102_400);
  });
});
