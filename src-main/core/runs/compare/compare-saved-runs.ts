import type { RunsCompareInput } from '../../../../src-shared/contract/runs.contract';
import { AppError } from '../../../../src-shared/errors';
import type { RunsComparison } from '../../../../src-shared/metrics/run-comparison';
import type { RunRecord } from '../../../../src-shared/schemas/run-result';
import { compareLoadRuns, type RunSamples } from './compare-load-runs';
import { readRunSamples } from './run-samples';

type RunsRepo = { get(id: string): Promise<RunRecord | undefined> };

/**
 * `runs.compare` (runs.contract.ts): checks that every named run is saved and named once, reads
 * each run's samples from its folder, and judges them with compareLoadRuns. Throws
 * `invalid_input` or `not_found` naming every problem at once (so not requireRun, which stops at one).
 */
export async function compareSavedRuns(deps: { runsDir: string; runsRepo: RunsRepo }, input: RunsCompareInput): Promise<RunsComparison> {
  const arms = input.runIds.map((entry) => (typeof entry === 'string' ? [entry] : entry));
  const baselineArm = input.baseline === undefined ? 0 : arms.findIndex((arm) => arm.includes(input.baseline!));
  const records = await Promise.all(arms.flat().map(async (runId) => ({ runId, record: await deps.runsRepo.get(runId) })));
  checkRuns({ arms, baselineArm, baseline: input.baseline, missing: records.filter((entry) => entry.record === undefined).map((entry) => entry.runId) });
  const byId = new Map(records.map((entry) => [entry.runId, entry.record!]));
  const notices: string[] = [];
  const samples: RunSamples[][] = [];
  for (const arm of arms) {
    const read = await Promise.all(arm.map((runId) => readRunSamples({ runsDir: deps.runsDir, runId, plan: byId.get(runId)!.plan })));
    notices.push(...read.flatMap((entry) => entry.notices));
    samples.push(read.map((entry) => entry.samples));
  }
  const comparison = compareLoadRuns(samples, { baselineArm, minEffectPct: input.minEffectPct, seed: input.seed, resamples: input.resamples });
  return { ...comparison, notices };
}

function checkRuns(context: { arms: string[][]; baselineArm: number; baseline: string | undefined; missing: string[] }): void {
  const all = context.arms.flat();
  const repeated = [...new Set(all.filter((runId, index) => all.indexOf(runId) !== index))];
  const problems: string[] = [];
  if (repeated.length > 0) problems.push(`each run may be named once; named more than once: ${repeated.join(', ')}`);
  if (context.baselineArm < 0) problems.push(`the baseline ${context.baseline} is not one of the compared runs`);
  if (problems.length > 0) throw new AppError('invalid_input', problems.join('\n'), { details: problems });
  if (context.missing.length > 0) throw new AppError('not_found', `No run with id ${context.missing.join(', ')}.`, { details: context.missing });
}
