import type { RequestRecord } from '../../../src-shared/schemas/request-record';
import type { VerifyArm, VerifyRun } from '../../../src-shared/schemas/diagnosis-verify';
import type { RunSamples } from '../runs/compare/compare-load-runs';

/** Percentile by nearest rank of the sorted values; null when empty. */
function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const isNumber = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * One verify run's samples for the shared comparison, from its steady requests only (each user's
 * first is warm-up, diagnosis-rules.md §0.4, which runs.compare's reader would keep): the
 * latencies of every success, and one request rate and one output-token rate for the whole run,
 * over its steady window (the first steady request's schedule to the last success's end). One
 * rate per run, not one per whole second: a fast server finishes a run in under a few seconds,
 * and with replicate runs the comparison (Welch's interval) uses only each run's mean anyway. Pure.
 */
export function verifyRunSamples(runId: string, requests: readonly RequestRecord[]): RunSamples {
  const ok = requests.filter((request) => request.errorClass === null);
  const windowS = (Math.max(...ok.map((request) => request.endMs)) - Math.min(...requests.map((request) => request.scheduledMs))) / 1000;
  const hasWindow = Number.isFinite(windowS) && windowS > 0;
  const tokens = ok.reduce((sum, request) => sum + request.outputTokens, 0);
  return {
    runId,
    requests: { ttftMs: ok.map((request) => request.ttftMs).filter(isNumber), tpotMs: ok.map((request) => request.tpotMs).filter(isNumber), e2eMs: ok.map((request) => request.e2eMs) },
    seconds: hasWindow ? { requestsPerS: [ok.length / windowS], outputTokensPerS: [tokens / windowS] } : { requestsPerS: [], outputTokensPerS: [] },
  };
}

/** The figures a verify run keeps in the diagnosis: counts, output tok/s over its steady window, TTFT p95. */
export function verifyRunOf(arm: VerifyArm, samples: RunSamples, requests: readonly RequestRecord[]): VerifyRun {
  const tokens = samples.seconds.outputTokensPerS;
  const failed = requests.filter((request) => request.errorClass !== null).length;
  return {
    arm,
    runId: samples.runId,
    completed: requests.length - failed,
    failed,
    outputTokensPerS: tokens.length === 0 ? null : tokens.reduce((sum, value) => sum + value, 0) / tokens.length,
    ttftP95Ms: percentile(samples.requests.ttftMs, 0.95),
  };
}
