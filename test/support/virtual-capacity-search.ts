import { nextProbe, recordProbe, searchSlos, startCapacitySearch } from '../../src-main/core/diagnose/capacity/capacity-search';
import { judgeProbe, decideProbeSoFar } from '../../src-main/core/diagnose/capacity/probe-verdict';
import { summarizeProbe } from '../../src-main/core/diagnose/capacity/probe-summary';
import { parseCapacitySlos } from '../../src-main/core/diagnose/capacity/capacity-slos';
import { createRandom } from '../../src-main/demo/engine/word-generator';
import type { CapacityResult, CapacitySearchState } from '../../src-shared/schemas/capacity';
import { runVirtualProbe, type VirtualServer, type VirtualWorkload } from './virtual-probe';

/** One server and SLO of the acceptance test, drawn from a seed. */
export interface VirtualScenario {
  seed: number;
  server: VirtualServer;
  workload: VirtualWorkload;
  slo: string;
  maxUsers: number;
}

/**
 * Varies the slot count and the SLO per seed so the true capacity differs (4 to 20 users here):
 * -np from 4 to 32 on the demo's 2-core cost model, TPOT p95 limits from 60 to 200 ms, TTFT p95
 * limits from 1.5 to 5.5 s, prompts of 16–160 tokens and answers of 8–48.
 */
export function virtualScenario(seed: number): VirtualScenario {
  const random = createRandom(seed * 7919 + 3);
  const slots = [4, 8, 12, 16, 24, 32][Math.floor(random() * 6)]!;
  const tpotMs = Math.round(60 + random() * 140);
  const ttftMs = Math.round(1500 + random() * 4000);
  return {
    seed,
    server: { slots, batchSize: 2048, cost: { physicalCores: 2, threads: 2, threadsBatch: 2, batchSize: 2048, ubatchSize: 512, speed: 1 } },
    workload: { promptTokens: { min: 16, max: 160 }, outputTokens: { min: 8, max: 48 } },
    slo: `ttft_p95<${ttftMs},tpot_p95<${tpotMs}`,
    maxUsers: 40,
  };
}

/**
 * The true capacity by an exhaustive sweep from one user up, each load measured with
 * `requests` requests: the load below the first one where some SLO's attainment falls under its
 * target. "Holds at every load up to it": past the slot count TPOT stops growing (the batch is
 * full), so its attainment can hover at the target over many loads, and the highest load that
 * happens to pass there is noise, not a capacity anyone could promise.
 */
export function trueCapacity(scenario: VirtualScenario, requests: number): number {
  const { slos } = parseCapacitySlos(scenario.slo);
  for (let users = 1; users <= scenario.maxUsers; users += 1) {
    const records = runVirtualProbe({ seed: scenario.seed, users, requests, server: scenario.server, workload: scenario.workload });
    const judgement = judgeProbe(records, { slos, confidence: 0.95 });
    if (!judgement.slos.every((slo) => (slo.attainment ?? 0) >= slo.target)) return users - 1;
  }
  return scenario.maxUsers;
}

/** How often a runner checks a running probe (§A3 "every 5 s"); here every 10 measured requests. */
const checkEvery = 10;

/**
 * Runs the search the way the diagnosis runner will: ask for a probe, run it (here in virtual
 * time, each probe its own seed so a re-probe is a new sample), stop it by the sequential check,
 * summarise it, record it; until the search is done.
 */
export function runVirtualSearch(scenario: VirtualScenario): { state: CapacitySearchState; result: CapacityResult } {
  let state = startCapacitySearch({ slo: scenario.slo, preset: 'quick', totalSlots: scenario.server.slots, maxUsers: scenario.maxUsers });
  const slos = searchSlos(state);
  for (;;) {
    const next = nextProbe(state);
    if (next.kind === 'done') return { state, result: next.result };
    const probeSeed = scenario.seed * 1000 + state.probes.length + 1;
    const records = runVirtualProbe({ seed: probeSeed, users: next.users, requests: next.requests.maxRequests, server: scenario.server, workload: scenario.workload });
    let used = records;
    for (let count = checkEvery; count < records.length; count += checkEvery) {
      if (decideProbeSoFar(records.slice(0, count), { slos, confidence: 0.95, requests: next.requests }) !== null) {
        used = records.slice(0, count);
        break;
      }
    }
    const durationS = used[used.length - 1]!.endMs / 1000;
    state = recordProbe(state, summarizeProbe(used, { users: next.users, stage: next.stage, slos, confidence: 0.95, durationS }));
  }
}
