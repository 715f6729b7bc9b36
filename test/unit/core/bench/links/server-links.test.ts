import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../../../../../src-shared/schemas/bench-result';
import type { LatencyStats, RunRecord } from '../../../../../src-shared/schemas/run-result';
import { toRunRow, type RunRow } from '../../../../../src-shared/schemas/run-row';
import { linkBenchToServer, serverDecodeFacts, type ServerDecodeFacts } from '../../../../../src-main/core/bench/links/server-links';

function tg(threads: number, avgTs: number, extra: Partial<BenchResult> = {}): BenchResult {
  return {
    buildCommit: 'de3ff81', buildNumber: 1, backends: 'CPU', cpuInfo: 'EPYC', gpuInfo: '', modelType: 'llama 8B Q4_K', modelFilename: '/m/q4.gguf',
    modelSizeBytes: 4e9, modelParamCount: 8e9, params: { n_threads: threads }, nPrompt: 0, nGen: 128, nDepth: 0, test: 'tg128',
    avgTs, stddevTs: 0.4, repetitions: 5, testTime: null, extra: {}, ...extra,
  };
}

const stats = (p50: number): LatencyStats => ({ count: 100, min: p50, mean: p50, p50, p90: p50, p95: p50, p99: p50, max: p50 });

function record(options: { id: string; users: number; tpotP50: number; startedAt?: number; status?: RunRecord['status'] }): RunRow {
  return toRunRow({
    id: options.id, url: 'http://gpu-box:8080', startedAt: options.startedAt ?? 1_000, status: options.status ?? 'completed',
    plan: { url: 'http://gpu-box:8080', api: 'chat', load: { kind: 'closed', virtualUsers: options.users }, durationS: 30, maxTokens: 128, prompt: 'hi', requestTimeoutS: 120, ignoreEos: false },
    summary: {
      completed: 20, failed: 0, durationS: 30, requestsPerS: 0.7, outputTokensPerS: 36, inputTokens: 200, outputTokens: 2560,
      ttftMs: stats(80), itlMs: stats(options.tpotP50 + 1), tpotMs: stats(options.tpotP50), e2eMs: stats(3400), errorsByClass: {},
    },
  });
}

const server = { pid: 10, executable: '/opt/llama-server', threads: 8, parallel: 1 };

describe('serverDecodeFacts', () => {
  it('reads decode speed per stream from TPOT p50 of a low-concurrency closed run', () => {
    expect(serverDecodeFacts(record({ id: 'r1', users: 1, tpotP50: 25 }))).toEqual({ runId: 'r1', startedAt: 1_000, users: 1, decodeTokensPerS: 40, source: 'TPOT p50' });
  });

  it('ignores runs at higher concurrency and failed runs', () => {
    expect(serverDecodeFacts(record({ id: 'r1', users: 8, tpotP50: 25 }))).toBeNull();
    expect(serverDecodeFacts(record({ id: 'r1', users: 1, tpotP50: 25, status: 'failed' }))).toBeNull();
  });
});

describe('linkBenchToServer', () => {
  const runs: ServerDecodeFacts[] = [
    { runId: 'old', startedAt: 1, users: 1, decodeTokensPerS: 30, source: 'TPOT p50' },
    { runId: 'new', startedAt: 2, users: 1, decodeTokensPerS: 38, source: 'TPOT p50' },
    { runId: 'two', startedAt: 3, users: 2, decodeTokensPerS: 35, source: 'TPOT p50' },
  ];

  it('pairs tg at the server’s thread count with the latest one-user run, in a sentence', () => {
    const { links, notes } = linkBenchToServer({ results: [tg(4, 30), tg(8, 41), tg(8, 39, { params: { n_threads: 8, n_ubatch: 256 } })], server, serverRuns: runs });
    expect(notes).toEqual([]);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ test: 'tg128', threads: 8, benchTs: 41, serverRunId: 'new', serverTs: 38 });
    expect(links[0]!.sentence).toBe('tg128 at -t 8 was 41.0 t/s in llama-bench; the server at -np 1 decoded 38.0 t/s per stream (1 user, from TPOT p50), 7 % below.');
  });

  it('shows every thread count, and says why, when the server’s -t is unknown', () => {
    const { links, notes } = linkBenchToServer({ results: [tg(4, 30), tg(8, 41)], server: null, serverRuns: runs });
    expect(links.map((link) => link.threads)).toEqual([4, 8]);
    expect(links[1]!.sentence).toContain('the server decoded 38.0 t/s');
    expect(notes.join(' ')).toContain('-t was not known');
  });

  it('says what is missing instead of pairing unlike things', () => {
    expect(linkBenchToServer({ results: [tg(4, 30)], server, serverRuns: runs }).notes.join(' ')).toContain('did not test -t 8');
    expect(linkBenchToServer({ results: [tg(8, 41)], server, serverRuns: [] }).notes.join(' ')).toContain('No finished server run');
    const ppOnly = tg(8, 900, { nPrompt: 512, nGen: 0, test: 'pp512' });
    expect(linkBenchToServer({ results: [ppOnly], server, serverRuns: runs }).notes.join(' ')).toContain('no tg test');
  });
});
