import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RunPlan } from '../../../../src-shared/schemas/run-plan';
import { SeriesPoint } from '../../../../src-shared/schemas/run-result';
import { JsonlTally, readJsonlFile } from '../../store/jsonl-read';
import { runFiles } from '../../store/run-folder';
import type { RunSamples } from './compare-load-runs';

/** A run's samples for the comparison, and what could not be read back from its files. */
export interface ReadRunSamples {
  samples: RunSamples;
  notices: string[];
}

/**
 * Reads one run's comparison samples from its folder: TTFT, TPOT and E2E of every successful
 * request of the measured window (requests.jsonl, streamed line by line), and the request and
 * output-token rates of each second of that window (series.jsonl) less its first and last
 * seconds, which hold the ramp-up and the drain, when four or more remain. Missing files have
 * no samples; unreadable lines are skipped and told in `notices`.
 */
export async function readRunSamples(options: { runsDir: string; runId: string; plan: RunPlan }): Promise<ReadRunSamples> {
  const folder = join(options.runsDir, options.runId);
  const requests = await readRequestSamples(join(folder, runFiles.requests));
  const series = await readJsonlFile(join(folder, runFiles.series), (value) => {
    const parsed = SeriesPoint.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  });
  const seconds = measuredSeconds(series.records, options.plan);
  return {
    samples: {
      runId: options.runId,
      requests: requests.samples,
      seconds: { requestsPerS: seconds.map((point) => point.requestsPerS), outputTokensPerS: seconds.map((point) => point.outputTokensPerS) },
    },
    notices: [requests.notice, series.notice].filter((notice): notice is string => notice !== undefined).map((notice) => `Run ${options.runId}: ${notice}`),
  };
}

async function readRequestSamples(path: string): Promise<{ samples: RunSamples['requests']; notice?: string }> {
  const samples: RunSamples['requests'] = { ttftMs: [], tpotMs: [], e2eMs: [] };
  const input = createReadStream(path, 'utf8');
  const opened = new Promise<boolean>((resolve) => {
    input.once('open', () => resolve(true));
    input.once('error', () => resolve(false));
  });
  if (!(await opened)) return { samples };
  const tally = new JsonlTally(runFiles.requests);
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    const record = tally.parse(line);
    if (typeof record !== 'object' || record === null) continue;
    const { errorClass, phase, ttftMs, tpotMs, e2eMs } = record as Record<string, unknown>;
    // Failures have no latency worth comparing; warm-up and cool-down are outside the measured window.
    if (errorClass !== null || (phase !== undefined && phase !== 'measured')) continue;
    if (isNonNegative(ttftMs)) samples.ttftMs.push(ttftMs);
    if (isNonNegative(tpotMs)) samples.tpotMs.push(tpotMs);
    if (isNonNegative(e2eMs)) samples.e2eMs.push(e2eMs);
  }
  const notice = tally.notice();
  return notice === undefined ? { samples } : { samples, notice };
}

function measuredSeconds(points: readonly SeriesPoint[], plan: RunPlan): SeriesPoint[] {
  const startS = plan.warmupS ?? 0;
  const endS = plan.durationS === undefined ? Number.POSITIVE_INFINITY : plan.durationS - (plan.cooldownS ?? 0);
  const inWindow = points.filter((point) => point.tS >= startS && point.tS + 1 <= endS);
  return inWindow.length >= 4 ? inWindow.slice(1, -1) : inWindow;
}

function isNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
