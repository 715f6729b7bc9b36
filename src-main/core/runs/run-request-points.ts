import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RequestPoint, RunRequestPoints } from '../../../src-shared/contract/runs.contract';
import { JsonlTally } from '../store/jsonl-read';
import { runFiles } from '../store/run-folder';

/**
 * Keeps at most `cap` of an unknown number of items, evenly spread in arrival order, in one pass
 * and O(cap) memory: it keeps every `stride`-th item and, when full, drops every other kept one
 * and doubles the stride. Kept items are always those whose index is a multiple of the stride.
 */
export class EvenSampler<T> {
  private kept: Array<{ index: number; item: T }> = [];
  private stride = 1;
  private seen = 0;

  constructor(private readonly cap: number) {}

  add(item: T): void {
    const index = this.seen;
    this.seen += 1;
    if (index % this.stride !== 0) return;
    this.kept.push({ index, item });
    if (this.kept.length <= this.cap) return;
    this.stride *= 2;
    this.kept = this.kept.filter((entry) => entry.index % this.stride === 0);
  }

  get count(): number {
    return this.seen;
  }

  items(): T[] {
    return this.kept.map((entry) => entry.item);
  }
}

/** The chart's point of one parsed requests.jsonl line, or null when it lacks TTFT or the server's prompt time. */
export function toRequestPoint(line: unknown): RequestPoint | null {
  if (typeof line !== 'object' || line === null) return null;
  const { ttftMs, serverPromptMs, queueMs } = line as Record<string, unknown>;
  if (!isNonNegative(ttftMs) || !isNonNegative(serverPromptMs)) return null;
  return isNonNegative(queueMs) ? { ttftMs, serverPromptMs, queueMs } : { ttftMs, serverPromptMs };
}

/**
 * Streams a run's requests.jsonl line by line (never whole, so a run of millions of requests is
 * fine) and returns at most `limit` TTFT/prompt-time points, evenly sampled. Records without the
 * server's `timings` are counted, not drawn; non-JSON lines are skipped and reported in
 * `notices`; a missing file has no requests.
 */
export async function readRunRequestPoints(options: { runsDir: string; runId: string; limit: number }): Promise<RunRequestPoints> {
  const sampler = new EvenSampler<RequestPoint>(options.limit);
  let requests = 0;
  const input = createReadStream(join(options.runsDir, options.runId, runFiles.requests), 'utf8');
  const opened = new Promise<boolean>((resolve) => {
    input.once('open', () => resolve(true));
    input.once('error', () => resolve(false));
  });
  if (!(await opened)) return { runId: options.runId, points: [], requests: 0, paired: 0 };
  const tally = new JsonlTally(runFiles.requests);
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    const parsed = tally.parse(line);
    if (parsed === undefined) continue;
    requests += 1;
    const point = toRequestPoint(parsed);
    if (point !== null) sampler.add(point);
  }
  const notice = tally.notice();
  return { runId: options.runId, points: sampler.items(), requests, paired: sampler.count, ...(notice === undefined ? {} : { notices: [notice] }) };
}

function isNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
