import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoadgen, type LoadgenOptions } from '../../../../src-main/core/loadgen/pool';
import type { RequestRecord } from '../../../../src-shared/schemas/request-record';
import { RunPlan } from '../../../../src-shared/schemas/run-plan';

/**
 * A real worker thread that speaks the protocol but sends one snapshot whose record is not a
 * RequestRecord (a negative worker index, no times): what a bug in the worker would send.
 */
const workerSource = `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (message) => {
  if (message.type !== 'start') return;
  const record = { worker: -1, vu: 0, seq: 0 };
  parentPort.postMessage({ type: 'snapshot', workerIndex: 0, elapsedMs: 1, inFlight: 0, started: 1, seconds: [], records: [record] });
  const health = { busyFraction: 0, loopLagP50Ms: 0, loopLagP99Ms: 0, loopLagMaxMs: 0 };
  parentPort.postMessage({ type: 'done', workerIndex: 0, endElapsedMs: 1, endedBy: 'budget', busyFraction: 0, health });
  parentPort.unref();
});
parentPort.postMessage({ type: 'ready' });
`;

describe('the pool reading its workers', () => {
  let dir: string;
  let workerEntry: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'llmwb-protocol-'));
    workerEntry = join(dir, 'bad-record.mjs');
    await writeFile(workerEntry, workerSource);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const plan = RunPlan.parse({ url: 'http://127.0.0.1:9', load: { kind: 'closed', virtualUsers: 1 }, durationS: 30 });
  const run = (options: Pick<LoadgenOptions, 'validateProtocol'>) => {
    const records: RequestRecord[] = [];
    const sink = { records: (batch: RequestRecord[]) => records.push(...batch), series: () => undefined, progress: () => undefined };
    return { records, done: startLoadgen({ runId: 'protocol', plan, workerEntry, sink, ...options }).done };
  };

  it('fails the run on a malformed request record when validation is on', async () => {
    const { records, done } = run({ validateProtocol: true });
    const result = await done;
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('malformed message');
    expect(records).toEqual([]);
  });

  it('validates in full by default under tests (NODE_ENV is test)', async () => {
    expect(process.env.NODE_ENV).toBe('test');
    const result = await run({}).done;
    expect(result.error?.message).toContain('malformed message');
  });

  it('with validation off, checks only the envelope and hands the records on unparsed', async () => {
    const { records, done } = run({ validateProtocol: false });
    const result = await done;
    expect(result.status).toBe('completed');
    expect(records).toEqual([{ worker: -1, vu: 0, seq: 0 }]);
  });

  it('with validation off, still fails the run on a snapshot whose envelope is wrong', async () => {
    const rude = join(dir, 'no-seconds.mjs');
    await writeFile(rude, workerSource.replace('seconds: [], ', ''));
    const result = await startLoadgen({ runId: 'envelope', plan, workerEntry: rude, sink: { records: () => undefined, series: () => undefined, progress: () => undefined }, validateProtocol: false }).done;
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('malformed message');
  });
});
