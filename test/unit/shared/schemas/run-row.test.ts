import { describe, expect, it } from 'vitest';
import type { LatencyStats, RunRecord, RunSummary } from '../../../../src-shared/schemas/run-result';
import { RunRow, headlineOf, toRunRow } from '../../../../src-shared/schemas/run-row';

const stats = (p50: number, count = 10): LatencyStats => ({ count, min: p50, mean: p50, p50, p90: p50 * 2, p95: p50 * 3, p99: p50 * 4, max: p50 * 5 });

const summary: RunSummary = {
  completed: 10, failed: 2, durationS: 30, requestsPerS: 0.33, outputTokensPerS: 42, inputTokens: 100, outputTokens: 1260,
  ttftMs: stats(80), itlMs: stats(20), tpotMs: stats(19), e2eMs: stats(900), errorsByClass: { timeout: 2 },
};

const record: RunRecord = {
  id: 'r1', url: 'http://127.0.0.1:8080', startedAt: 1_000, endedAt: 31_000, status: 'failed', workspaceId: 'w1',
  plan: { url: 'http://127.0.0.1:8080', api: 'chat', load: { kind: 'closed', virtualUsers: 4 }, durationS: 30, maxTokens: 128, prompt: 'hi', requestTimeoutS: 120, ignoreEos: false },
  summary,
  error: { code: 'timeout', message: 'Two requests timed out.', hint: 'Raise the timeout.', details: { many: 'things' } },
};

describe('a run row', () => {
  it('carries the load, the bounds and the headline figures, and none of the plan, summary or error details', () => {
    const row = toRunRow(record);
    expect(RunRow.parse(row)).toEqual(row);
    expect(row).toEqual({
      id: 'r1', url: 'http://127.0.0.1:8080', startedAt: 1_000, endedAt: 31_000, status: 'failed', workspaceId: 'w1',
      error: { code: 'timeout', message: 'Two requests timed out.' },
      load: { kind: 'closed', virtualUsers: 4 }, durationS: 30,
      headline: { completed: 10, failed: 2, durationS: 30, requestsPerS: 0.33, outputTokensPerS: 42, ttftP50Ms: 80, ttftP95Ms: 240, itlP50Ms: 20, tpotP50Ms: 19, e2eP95Ms: 2700 },
    });
  });

  it('has no headline while the run has no summary', () => {
    const { summary: _summary, ...running } = record;
    expect(toRunRow({ ...running, status: 'running' }).headline).toBeUndefined();
  });

  it('gives null for a latency no request measured, and for TPOT in runs recorded before it', () => {
    const { tpotMs: _tpot, ...old } = summary;
    expect(headlineOf({ ...old, completed: 0, ttftMs: stats(0, 0) })).toMatchObject({ ttftP50Ms: null, ttftP95Ms: null, tpotP50Ms: null });
  });

  it('shows goodput only when the plan had an SLO, with whether it was met', () => {
    expect(headlineOf({ ...summary, goodputPerS: 0.33 }).goodputPerS).toBeUndefined();
    const withSlo = headlineOf({ ...summary, goodputPerS: 0.2, thresholds: [{ source: 'ttft_p95<200', actual: 240, limit: 200, isPassed: false }], isSloMet: false });
    expect(withSlo).toMatchObject({ goodputPerS: 0.2, isSloMet: false });
  });
});
