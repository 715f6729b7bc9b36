import { z } from 'zod';
import { Id } from '../schemas/ids';
import { RunPlan } from '../schemas/run-plan';
import { RunFinished, RunProgress, RunRecord, SeriesPoint } from '../schemas/run-result';
import { defineOperation } from './define';

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
    summary: 'One run with its per-second series.',
    input: z.object({ runId: Id }),
    output: z.object({ record: RunRecord, series: z.array(SeriesPoint) }),
  }),
} as const;

export const runsEvents = {
  'run.progress': RunProgress,
  'run.finished': RunFinished,
} as const;
