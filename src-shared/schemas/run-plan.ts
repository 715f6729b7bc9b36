import { z } from 'zod';
import { Id } from './ids';
import { BaseUrl } from './endpoint';

/** Hard ceilings: every run is bounded in time and count, whatever the user asks. */
export const runLimits = {
  maxVirtualUsers: 10_000,
  maxDurationS: 24 * 3600,
  maxRequestCount: 10_000_000,
  /** A run planned by request count alone still stops after this long. */
  defaultDurationCapS: 3600,
} as const;

/** Closed loop: N virtual users, each sends its next request when the previous one ends. */
export const ClosedLoad = z.strictObject({
  kind: z.literal('closed'),
  virtualUsers: z
    .number({ error: 'virtual users must be a number' })
    .int('virtual users must be a whole number')
    .min(1, 'at least 1 virtual user')
    .max(runLimits.maxVirtualUsers, `at most ${runLimits.maxVirtualUsers} virtual users`),
});

/** Issue #3 adds open-loop shapes, stages and profiles to this union. */
export const LoadShape = z.discriminatedUnion('kind', [ClosedLoad]);
export type LoadShape = z.infer<typeof LoadShape>;

export const ApiKind = z.enum(['chat']);

export const RunPlan = z
  .strictObject({
    workspaceId: Id.optional(),
    endpointId: Id.optional(),
    url: BaseUrl,
    api: ApiKind.default('chat'),
    model: z.string().max(200).optional(),
    load: LoadShape,
    durationS: z
      .number({ error: 'duration must be a number of seconds' })
      .positive('duration must be greater than zero')
      .max(runLimits.maxDurationS, `duration at most ${runLimits.maxDurationS} s`)
      .optional(),
    requestCount: z
      .number({ error: 'request count must be a number' })
      .int('request count must be a whole number')
      .min(1, 'request count must be at least 1')
      .max(runLimits.maxRequestCount)
      .optional(),
    maxTokens: z.number().int().min(1, 'max tokens must be at least 1').max(131_072).default(128),
    prompt: z.string().min(1, 'the prompt is empty').max(1_000_000).default('Write a short story about a robot who learns to paint.'),
    /** Per-request limit; a request that takes longer is ended and counted as a timeout. */
    requestTimeoutS: z.number().positive().max(3600).default(120),
    /** llama.cpp's `ignore_eos`: forces exactly max tokens, so output length is the same for every request. */
    ignoreEos: z.boolean().default(false),
    /**
     * Record the workspace host's telemetry beside the load (issue #4). true: connect the host
     * if needed; false: never; absent: record when the host is already connected.
     */
    withTelemetry: z.boolean().optional(),
  })
  .refine((plan) => plan.durationS !== undefined || plan.requestCount !== undefined, {
    message: 'give a duration or a request count (or both)',
    path: ['durationS'],
  });
export type RunPlan = z.infer<typeof RunPlan>;
export type RunPlanInput = z.input<typeof RunPlan>;

/** The duration the run will actually be held to (the cap applies when only a count was given). */
export function effectiveDurationS(plan: RunPlan): number {
  return plan.durationS ?? runLimits.defaultDurationCapS;
}
