import { describe, expect, it } from 'vitest';
import { RunPlan } from '../../../../src-shared/schemas/run-plan';
import { compareRow, metricRows, type ComparedRun } from '../../../../src-renderer/pages/compare/compare-metrics';
import { draftToPlan, defaultDraft, fieldOfPath } from '../../../../src-renderer/pages/run/plan-draft';
import { describeProfile, parseStages, defaultLoadDraft } from '../../../../src-renderer/pages/run/load-draft';
import { runTimeAxisMaxS as timeAxisMaxS, queueChart } from '../../../../src-shared/charts/run-charts';
import type { RunRecord } from '../../../../src-shared/schemas/run-result';
import type { ServerSample } from '../../../../src-shared/schemas/server-sample';

const ref = {
  workspace: { id: 'w1', name: 'W', host: { label: 'h' }, endpoints: [], createdAt: 0 },
  endpoint: { id: 'e1', name: 'Demo', url: 'http://127.0.0.1:8080', kind: 'llama.cpp' as const, isDemo: true },
};

describe('the run plan form', () => {
  it('reads stages as seconds (or minutes) and a target, leaving junk for the core to name', () => {
    expect(parseStages('30s:8, 1m:16 20:4')).toEqual([
      { durationS: 30, target: 8 },
      { durationS: 60, target: 16 },
      { durationS: 20, target: 4 },
    ]);
    expect(parseStages('  ')).toBeUndefined();
    expect(parseStages('ten:4')?.[0]?.durationS).toBeNaN();
  });

  it('builds plans the core accepts for every shape and dataset kind', () => {
    const shapes = ['closed', 'open-constant', 'open-poisson', 'open-gamma', 'open-ramping'] as const;
    for (const kind of shapes) {
      const draft = { ...defaultDraft, load: { ...defaultLoadDraft, kind, stages: kind === 'open-ramping' ? '10s:5' : '' } };
      expect(RunPlan.safeParse(draftToPlan(draft, ref)).success, kind).toBe(true);
    }
    const profile = { ...defaultDraft, durationS: '', load: { ...defaultLoadDraft, kind: 'profile' as const, profile: 'light' as const } };
    expect(RunPlan.safeParse(draftToPlan(profile, ref)).success).toBe(true);
    const synthetic = { ...defaultDraft, slo: 'ttft_p95<2000', dataset: { ...defaultDraft.dataset, kind: 'synthetic' as const, sharedPrefixPct: '50' } };
    const plan = RunPlan.parse(draftToPlan(synthetic, ref));
    expect(plan.dataset).toMatchObject({ kind: 'synthetic', sharedPrefixRatio: 0.5, count: 200 });
  });

  it('routes the core’s messages to the field they are about', () => {
    expect(fieldOfPath('load.stages.2.target')).toBe('stages');
    expect(fieldOfPath('load.virtualUsers')).toBe('virtualUsers');
    expect(fieldOfPath('dataset.input.mean')).toBe('dataset');
    expect(fieldOfPath('nothing.here')).toBeUndefined();
  });

  it('says what a profile will do before it runs', () => {
    expect(describeProfile({ ...defaultLoadDraft, kind: 'profile', profile: 'light', stepDurationS: '30' })).toBe('Light: 1 → 2 → 4 → 8 users, 30 s at each level (2 min in all).');
  });
});

describe('run charts', () => {
  const sample = (tS: number, busy: number, waiting: number): ServerSample => ({
    t: 1000 + tS * 1000,
    tS,
    kind: 'llama.cpp',
    scrapeMs: 2,
    metrics: null,
    slots: null,
    derived: { slotsTotal: 2, slotsBusy: busy, slotUse: busy / 2, waiting, kvCacheUsage: null, kvCacheSource: null, promptTokensPerS: null, prefillTokensPerS: null, generatedTokensPerS: null, slotDecodeTokensPerS: null },
  });

  it('puts server samples at their scrape instant on the run’s axis, beside the client’s in-flight seconds', () => {
    const chart = queueChart([{ tS: 0, completed: 0, failed: 0, outputTokens: 0, requestsPerS: 0, outputTokensPerS: 0, ttftP50Ms: null, ttftP95Ms: 120, itlP50Ms: null, e2eP50Ms: null, inFlight: 6 }], [sample(0.25, 2, 4), sample(1.2504, 2, 3)], {});
    expect(chart.series.map((series) => series.label)).toEqual(['In flight (client)', 'Slots busy (server)', 'Deferred (server)', 'Slots (total)', 'TTFT p95 (ms)']);
    expect(chart.series[2]!.points).toEqual([
      [0.25, 4],
      [1.25, 3],
    ]);
    expect(timeAxisMaxS([], [sample(11.6, 0, 0)], 10)).toBe(12);
    expect(timeAxisMaxS([], [], undefined)).toBeUndefined();
  });
});

describe('the comparison', () => {
  const run = (requestsPerS: number, p95: number, maxWaiting: number | null): ComparedRun => ({
    record: {
      summary: { requestsPerS, ttftMs: { count: 10, p50: p95 / 2, p95, p99: p95 } },
    } as unknown as RunRecord,
    server: maxWaiting === null ? null : ({ maxWaiting } as ComparedRun['server']),
  });
  const row = (id: string) => metricRows.find((candidate) => candidate.id === id)!;

  it('judges each change against the baseline by the metric’s direction', () => {
    const runs = [run(10, 1000, 4), run(12, 500, 0), run(10.1, 1500, null)];
    expect(compareRow(row('rps'), runs)).toEqual([
      { value: 10, deltaPct: null, verdict: null },
      { value: 12, deltaPct: 20, verdict: 'better' },
      { value: 10.1, deltaPct: expect.closeTo(1, 6), verdict: 'same' },
    ]);
    expect(compareRow(row('ttft-p95'), runs).map((value) => value.verdict)).toEqual([null, 'better', 'worse']);
    expect(compareRow(row('deferred'), runs)).toEqual([
      { value: 4, deltaPct: null, verdict: null },
      { value: 0, deltaPct: -100, verdict: 'better' },
      { value: null, deltaPct: null, verdict: null },
    ]);
  });
});
