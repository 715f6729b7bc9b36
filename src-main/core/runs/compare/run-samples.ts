import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RunPlan } from '../../../../src-shared/schemas/run-plan';
import { JsonlTally } from '../../store/jsonl-read';
import { runFiles } from '../../store/run-folder';
import type { RunSamples } from './compare-load-runs';
import { secondRates, type StreamedRequest } from './second-rates';

/** A run's samples for the comparison, and what could not be read back from its file. */
export interface ReadRunSamples {
  samples: RunSamples;
  notices: string[];
}

/**
 * Reads one run's comparison samples from its requests.jsonl, streamed line by line: TTFT, TPOT
 * and E2E of every successful request of the measured window, and the request and output-token
 * rates of each whole second of that window (secondRates) less its first and last seconds, which
 * hold the ramp-up and the drain, when four or more remain. Seconds count from the earliest
 * scheduled request, the run's start. A missing file has no samples; unreadable lines are
 * skipped and told in `notices`.
 */
export async function readRunSamples(options: { runsDir: string; runId: string; plan: RunPlan }): Promise<ReadRunSamples> {
  const read = await readRequests(join(options.runsDir, options.runId, runFiles.requests));
  const startMs = read.firstScheduledMs + (options.plan.warmupS ?? 0) * 1000;
  const endMs = options.plan.durationS === undefined ? read.lastEndMs : read.firstScheduledMs + (options.plan.durationS - (options.plan.cooldownS ?? 0)) * 1000;
  const rates = secondRates(read.streamed, { startMs, endMs });
  const trim = (values: number[]) => (values.length >= 4 ? values.slice(1, -1) : values);
  return {
    samples: {
      runId: options.runId,
      requests: read.samples,
      seconds: { requestsPerS: trim(rates.requestsPerS), outputTokensPerS: trim(rates.outputTokensPerS) },
    },
    notices: read.notice === undefined ? [] : [`Run ${options.runId}: ${read.notice}`],
  };
}

interface ReadRequests {
  samples: RunSamples['requests'];
  streamed: StreamedRequest[];
  firstScheduledMs: number;
  lastEndMs: number;
  notice?: string;
}

async function readRequests(path: string): Promise<ReadRequests> {
  const read: ReadRequests = { samples: { ttftMs: [], tpotMs: [], e2eMs: [] }, streamed: [], firstScheduledMs: Number.POSITIVE_INFINITY, lastEndMs: Number.NEGATIVE_INFINITY };
  const input = createReadStream(path, 'utf8');
  const opened = new Promise<boolean>((resolve) => {
    input.once('open', () => resolve(true));
    input.once('error', () => resolve(false));
  });
  if (!(await opened)) return read;
  const tally = new JsonlTally(runFiles.requests);
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    const record = tally.parse(line);
    if (typeof record === 'object' && record !== null) addRecord(read, record as Record<string, unknown>);
  }
  const notice = tally.notice();
  return notice === undefined ? read : { ...read, notice };
}

function addRecord(read: ReadRequests, record: Record<string, unknown>): void {
  const { errorClass, phase, scheduledMs, firstTokenMs, endMs, outputTokens, ttftMs, tpotMs, e2eMs } = record;
  if (isNonNegative(scheduledMs)) read.firstScheduledMs = Math.min(read.firstScheduledMs, scheduledMs);
  // Failures have no latency worth comparing; warm-up and cool-down are outside the measured window.
  if (errorClass !== null || (phase !== undefined && phase !== 'measured')) return;
  if (isNonNegative(ttftMs)) read.samples.ttftMs.push(ttftMs);
  if (isNonNegative(tpotMs)) read.samples.tpotMs.push(tpotMs);
  if (isNonNegative(e2eMs)) read.samples.e2eMs.push(e2eMs);
  if (isNonNegative(endMs) && isNonNegative(outputTokens)) {
    read.lastEndMs = Math.max(read.lastEndMs, endMs);
    read.streamed.push({ firstTokenMs: isNonNegative(firstTokenMs) ? firstTokenMs : null, endMs, outputTokens });
  }
}

function isNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
