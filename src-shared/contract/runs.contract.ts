import { z } from 'zod';
import { Id } from '../schemas/ids';
import { RunPlan } from '../schemas/run-plan';
import { RunFinished, RunProgress, RunRecord, SeriesPoint } from '../schemas/run-result';
import { defineOperation } from './define';

/** The most per-request points one `runs.requests` answer carries (a scatter stays responsive). */
export const maxRequestPoints = 5000;

/** One request on the "client TTFT vs server prompt time" chart (ms). */
export const RequestPoint = z.object({
  ttftMs: z.number().nonnegative(),
  serverPromptMs: z.number().nonnegative(),
  queueMs: z.number().nonnegative().optional(),
});
export type RequestPoint = z.infer<typeof RequestPoint>;

export const RunRequestPoints = z.object({
  runId: Id,
  /** Evenly spread over the run in recorded order; at most the asked limit. */
  points: z.array(RequestPoint),
  /** Records read from requests.jsonl. */
  requests: z.number().int().nonnegative(),
  /** Records with both a client TTFT and the server's prompt time; 0 when the server reports no timings. */
  paired: z.number().int().nonnegative(),
  /** What could not be read back ("2 unreadable lines skipped in requests.jsonl"); absent when every line was read. */
  notices: z.array(z.string()).optional(),
});
export type RunRequestPoints = z.infer<typeof RunRequestPoints>;

export const runsOperations = {
  'runs.start': defineOperation({
    summary: 'Validate a run plan and start it; progress arrives as run.progress events.',
    input: RunPlan,
    output: z.object({ runId: Id }),
  }),
  'runs.stop': defineOperation({
    summary: 'Stop a live run within a second; what was measured is kept.',
    input: z.object({ runId: Id }),
    output: z.object({ stopped: z.boolean() }),
  }),
  'runs.list': defineOperation({
    summary: 'Saved runs, newest first, optionally of one workspace.',
    input: z.object({ workspaceId: Id.optional() }).default({}),
    output: z.array(RunRecord),
  }),
  'runs.get': defineOperation({
    summary: 'One run with its per-second series; `notices` says what could not be read back from its files, when anything.',
    input: z.object({ runId: Id }),
    output: z.object({ record: RunRecord, series: z.array(SeriesPoint), notices: z.array(z.string()).optional() }),
  }),
  'runs.requests': defineOperation({
    summary: 'Per-request client TTFT against the server’s prompt time (timings.prompt_ms) of a run, evenly sampled from requests.jsonl to at most `limit` points.',
    input: z.object({ runId: Id, limit: z.number().int().min(1).max(maxRequestPoints).default(maxRequestPoints) }),
    output: RunRequestPoints,
  }),
} as const;

export const runsEvents = {
  'run.progress': RunProgress,
  'run.finished': RunFinished,
} as const;
