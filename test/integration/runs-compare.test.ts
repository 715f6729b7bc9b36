import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../src-main/core/events';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import { compareSavedRuns } from '../../src-main/core/runs/compare/compare-saved-runs';
import { createRunService, type RunService } from '../../src-main/core/runs/run-service';
import { createMemoryRunsRepo, type RunsRepo } from '../../src-main/core/runs/runs-repo';
import { startDemoServer } from '../../src-main/demo/index';
import { RunsCompareInput } from '../../src-shared/contract/runs.contract';
import type { RunPlanInput } from '../../src-shared/schemas/run-plan';
import type { MetricVerdict, RunMetricId, RunsComparison } from '../../src-shared/metrics/run-comparison';
import { describeVerdict } from '../../src-shared/metrics/run-comparison-text';

const metric = (comparison: RunsComparison, id: RunMetricId): MetricVerdict => comparison.candidates[0]!.metrics.find((entry) => entry.metric === id)!;
const say = (comparison: RunsComparison, id: RunMetricId) => describeVerdict(metric(comparison, id), { letter: 'B', confidence: comparison.confidence, minEffectPct: comparison.minEffectPct });

describe('comparing load runs recorded against the demo server', () => {
  let runsDir: string;
  let repo: RunsRepo;
  let service: RunService;

  beforeAll(async () => {
    runsDir = join(await mkdtemp(join(tmpdir(), 'llmwb-compare-')), 'runs');
    repo = createMemoryRunsRepo();
    service = createRunService({ runsDir, runsRepo: repo, bus: new EventBus(), workerEntry: defaultWorkerEntry() });
  });
  afterAll(async () => {
    await service.stopAll();
    await rm(join(runsDir, '..'), { recursive: true, force: true });
  });

  /**
   * Runs of `load` against fresh sim demo servers with `parallel` slots and fixed token steps,
   * all at once: whatever else loads this machine loads every run alike, so two runs of one
   * configuration differ only by chance, as in an interleaved A/B. The first 2 s (users queueing
   * up for the first time) are warm-up, left out of the comparison.
   */
  async function recordRunsTogether(configs: Array<{ parallel: number; load: RunPlanInput['load'] }>, timing: { simTokenMs: number; maxTokens: number }): Promise<string[]> {
    const servers = await Promise.all(
      configs.map((config) => startDemoServer({ port: 0, engine: 'sim', parallel: config.parallel, ctxSize: 1024 * config.parallel, simTokenMs: timing.simTokenMs })),
    );
    try {
      await Promise.all(servers.map((server) => server.ready));
      const runIds = await Promise.all(
        configs.map(async (config, index) => (await service.start({ url: servers[index]!.url, load: config.load, durationS: 8, warmupS: 2, maxTokens: timing.maxTokens, ignoreEos: true })).runId),
      );
      const ends = await Promise.all(runIds.map((runId) => service.whenFinished(runId)));
      expect(ends.map((end) => end.status)).toEqual(configs.map(() => 'completed'));
      return runIds;
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  }

  const compare = (runIds: string[]) => compareSavedRuns({ runsDir, runsRepo: repo }, RunsCompareInput.parse({ runIds }));

  it('finds two runs of one configuration within noise on throughput and TTFT p50', async () => {
    // Seeded Poisson arrivals: both runs get the same schedule, and each request meets the
    // server's 50 ms step clock at its own moment, so requests vary independently. A closed loop
    // moves in lockstep with that clock instead, and its phase is one draw per run that no
    // per-request interval can see (replicate runs and Welch are the answer there).
    const load = { kind: 'open-poisson', rateRps: 5 } as const;
    const comparison = await compare(await recordRunsTogether([{ parallel: 4, load }, { parallel: 4, load }], { simTokenMs: 50, maxTokens: 8 }));
    console.log(['tps', 'rps', 'ttft-p50', 'ttft-p95', 'tpot-p50', 'e2e-p50'].map((id) => say(comparison, id as RunMetricId)).join('\n'));
    expect(comparison.notices).toEqual([]);
    expect(metric(comparison, 'tps')).toMatchObject({ verdict: 'within noise', method: { kind: 'bootstrap', samples: 'seconds' } });
    expect(metric(comparison, 'ttft-p50')).toMatchObject({ verdict: 'within noise', method: { kind: 'bootstrap', samples: 'requests' } });
    expect(metric(comparison, 'ttft-p50').n.baseline).toBeGreaterThanOrEqual(15);
  });

  it('finds -np 4 at 8 users faster than -np 1, with the method and interval stated', async () => {
    const comparison = await compare(await recordRunsTogether(
        [
          { parallel: 1, load: { kind: 'closed', virtualUsers: 8 } },
          { parallel: 4, load: { kind: 'closed', virtualUsers: 8 } },
        ],
        { simTokenMs: 20, maxTokens: 8 },
      ));
    console.log(['tps', 'rps', 'ttft-p50', 'ttft-p95', 'tpot-p50', 'e2e-p50'].map((id) => say(comparison, id as RunMetricId)).join('\n'));
    const tps = metric(comparison, 'tps');
    expect(tps.verdict).toBe('better');
    expect(tps.interval!.lowPct).toBeGreaterThan(0);
    const ttft = metric(comparison, 'ttft-p50');
    expect(ttft.verdict).toBe('better');
    expect(ttft.interval!.highPct).toBeLessThan(0);
    expect(say(comparison, 'ttft-p50')).toMatch(/^TTFT p50: B is \d+ % lower, 95 % CI \d+–\d+ % \(bootstrap of medians, 2,000 resamples, n = \d+ \/ \d+\)$/);
  });
});
