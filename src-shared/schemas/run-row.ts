import { z } from 'zod';
import { ErrorCode } from '../errors';
import { LoadShape } from './load-shape';
import { RunIdentity, type LatencyStats, type RunRecord, type RunSummary } from './run-result';

const Ms = z.number().nonnegative().nullable();

/**
 * The figures a list of runs shows and sorts by, copied from the summary when the run ends. A
 * latency is null when no request measured it (a run with no success has no TTFT).
 */
export const RunHeadline = z.object({
  completed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  durationS: z.number().nonnegative(),
  requestsPerS: z.number().nonnegative(),
  outputTokensPerS: z.number().nonnegative(),
  ttftP50Ms: Ms,
  ttftP95Ms: Ms,
  itlP50Ms: Ms,
  /** Null in runs recorded before TPOT was measured. */
  tpotP50Ms: Ms,
  e2eP95Ms: Ms,
  /** Only when the plan had an SLO (without one every success is "good"). */
  goodputPerS: z.number().nonnegative().optional(),
  isSloMet: z.boolean().optional(),
});
export type RunHeadline = z.infer<typeof RunHeadline>;

/**
 * A run as the index lists it: who, where, when, how it ended, the load it was, and its
 * headline figures. Small and fixed in size, so a list of thousands of runs stays cheap; the
 * plan, the whole summary, the server's configuration and the error's details live in the run
 * folder and come with `runs.get`.
 */
export const RunRow = RunIdentity.extend({
  /** The error's code and message; its hint and details are in the full record. */
  error: z.object({ code: ErrorCode, message: z.string() }).optional(),
  /** The plan's load shape and bounds, enough to describe the run ("8 VU · 30 s"). */
  load: LoadShape,
  durationS: z.number().nonnegative().optional(),
  requestCount: z.number().int().positive().optional(),
  /** Absent while the run is live, and for runs that ended without a summary. */
  headline: RunHeadline.optional(),
});
export type RunRow = z.infer<typeof RunRow>;

function p(stats: LatencyStats | undefined, key: 'p50' | 'p95'): number | null {
  return stats && stats.count > 0 ? stats[key] : null;
}

/** The headline figures of a summary. Pure. */
export function headlineOf(summary: RunSummary): RunHeadline {
  const headline: RunHeadline = {
    completed: summary.completed,
    failed: summary.failed,
    durationS: summary.durationS,
    requestsPerS: summary.requestsPerS,
    outputTokensPerS: summary.outputTokensPerS,
    ttftP50Ms: p(summary.ttftMs, 'p50'),
    ttftP95Ms: p(summary.ttftMs, 'p95'),
    itlP50Ms: p(summary.itlMs, 'p50'),
    tpotP50Ms: p(summary.tpotMs, 'p50'),
    e2eP95Ms: p(summary.e2eMs, 'p95'),
  };
  if (summary.thresholds !== undefined && summary.goodputPerS !== undefined) headline.goodputPerS = summary.goodputPerS;
  if (summary.isSloMet !== undefined) headline.isSloMet = summary.isSloMet;
  return headline;
}

/** The row a record is listed as. Pure. */
export function toRunRow(record: RunRecord): RunRow {
  const row: RunRow = { id: record.id, url: record.url, startedAt: record.startedAt, status: record.status, load: record.plan.load };
  if (record.workspaceId !== undefined) row.workspaceId = record.workspaceId;
  if (record.endpointId !== undefined) row.endpointId = record.endpointId;
  if (record.endedAt !== undefined) row.endedAt = record.endedAt;
  if (record.error !== undefined) row.error = { code: record.error.code, message: record.error.message };
  if (record.plan.durationS !== undefined) row.durationS = record.plan.durationS;
  if (record.plan.requestCount !== undefined) row.requestCount = record.plan.requestCount;
  if (record.summary !== undefined) row.headline = headlineOf(record.summary);
  return row;
}
