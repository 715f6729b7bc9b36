import { z } from 'zod';
import { parseThresholds } from '../metrics/thresholds';
import { DatasetSpec } from './dataset';
import { BaseUrl } from './endpoint';
import { Id } from './ids';
import { stagesDurationS } from './load-profiles';
import { LoadShape, profileProblems, runLimits } from './load-shape';

export { runLimits, ClosedLoad, LoadShape } from './load-shape';

/**
 * The API a run's requests use: OpenAI chat (`/v1/chat/completions`), OpenAI completions
 * (`/v1/completions`), OpenAI embeddings (`/v1/embeddings`, `embeddingInputs` inputs per
 * request) or llama.cpp's native `/completion`.
 */
export const ApiKind = z.enum(['chat', 'completions', 'embeddings', 'native'], { error: 'api is chat, completions, embeddings or native' });
export type ApiKind = z.infer<typeof ApiKind>;

/**
 * Headers the generator owns, or that would carry a secret into plan.json and the index:
 * the API key goes through `apiKeySecretId` instead.
 */
export const reservedHeaderNames = [
  'authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'cookie',
  'host', 'content-length', 'content-type', 'connection', 'transfer-encoding', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect',
] as const;

/** Extra request headers (RFC 9110 token names; values without line breaks). */
export const RequestHeaders = z.record(
  z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/, 'a header name is letters, digits and - (no spaces or colons)'),
  z.string().max(8192, 'a header value is at most 8192 characters').regex(/^[^\r\n\0]*$/, 'a header value cannot contain line breaks'),
);

const seconds = (what: string) => z.number({ error: `${what} must be a number of seconds` }).nonnegative(`${what} cannot be negative`).max(runLimits.maxDurationS);

export const RunPlan = z
  .strictObject({
    workspaceId: Id.optional(),
    endpointId: Id.optional(),
    url: BaseUrl,
    api: ApiKind.default('chat'),
    /** Stream the answer (chat, completions, native); absent = true. Embeddings never stream. */
    stream: z.boolean().optional(),
    /** Inputs per embeddings request (a batch); absent = 1. */
    embeddingInputs: z.number().int('a whole number of inputs').min(1).max(2048).optional(),
    /** Extra headers sent with every request; see reservedHeaderNames for those refused. */
    headers: RequestHeaders.optional(),
    /** Id of the API key in the secrets store; the key itself is read at run time and never saved with the plan. */
    apiKeySecretId: Id.optional(),
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
    /** Requests scheduled in the first `warmupS` seconds run but are left out of the summary (absent = 0). */
    warmupS: seconds('warm-up').optional(),
    /** Requests scheduled in the last `cooldownS` seconds run but are left out of the summary (absent = 0). */
    cooldownS: seconds('cool-down').optional(),
    maxTokens: z.number().int().min(1, 'max tokens must be at least 1').max(131_072).default(128),
    prompt: z.string().min(1, 'the prompt is empty').max(1_000_000).default('Write a short story about a robot who learns to paint.'),
    /** Where prompts come from (src-shared/schemas/dataset.ts); without it every request sends `prompt`. */
    dataset: DatasetSpec.optional(),
    /** SLOs and thresholds in k6's syntax, parsed by src-shared/metrics/thresholds.ts: `ttft_p95<2000,tpot_p95<100`. */
    slo: z.string().max(2000).optional(),
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
  .check(z.superRefine((plan, ctx) => crossFieldProblems(plan).forEach((problem) => ctx.addIssue({ code: 'custom', ...problem })), { when: () => true }));
export type RunPlan = z.infer<typeof RunPlan>;
export type RunPlanInput = z.input<typeof RunPlan>;

/**
 * The fields added by issue #3 are optional in the schema, so plans and index records saved
 * before them (and code that builds a RunPlan) stay valid; these are their values when absent.
 */
export const runPlanDefaults = { stream: true, embeddingInputs: 1, headers: {} as Record<string, string>, warmupS: 0, cooldownS: 0 } as const;

type Problem = { path: Array<string | number>; message: string };

/**
 * Checks across fields. It runs even when fields failed their own checks (so every problem is
 * reported at once), hence it reads the plan defensively.
 */
function crossFieldProblems(plan: Partial<RunPlan> | null | undefined): Problem[] {
  if (typeof plan !== 'object' || plan === null) return [];
  const problems: Problem[] = [];
  const load = typeof plan.load === 'object' && plan.load !== null ? plan.load : undefined;
  const stagesS = load && LoadShape.safeParse(load).success ? stagesDurationS(load) : undefined;
  if (plan.durationS === undefined && plan.requestCount === undefined && stagesS === undefined) {
    problems.push({ path: ['durationS'], message: 'give a duration or a request count (or both)' });
  }
  const durationS = plan.durationS ?? stagesS;
  const windowS = (numberOr0(plan.warmupS)) + numberOr0(plan.cooldownS);
  if (durationS !== undefined && windowS > 0 && windowS >= durationS) {
    problems.push({ path: ['warmupS'], message: `warm-up and cool-down (${windowS} s together) leave nothing of the ${durationS} s run to measure` });
  }
  if (load?.kind === 'profile') problems.push(...profileProblems(load).map((problem) => ({ ...problem, path: ['load', ...problem.path] })));
  if (typeof plan.slo === 'string') problems.push(...parseThresholds(plan.slo).problems.map((message) => ({ path: ['slo'], message })));
  if (typeof plan.headers === 'object' && plan.headers !== null) {
    for (const name of Object.keys(plan.headers)) {
      if ((reservedHeaderNames as readonly string[]).includes(name.toLowerCase())) {
        const why = ['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'cookie'].includes(name.toLowerCase()) ? 'it would save a secret with the plan; give the key as apiKeySecretId' : 'the load generator sets it';
        problems.push({ path: ['headers', name], message: `the ${name} header cannot be set here: ${why}` });
      }
    }
  }
  return problems;
}

const numberOr0 = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** The duration the run will actually be held to: the plan's, else its stages', else the cap. */
export function effectiveDurationS(plan: RunPlan): number {
  return plan.durationS ?? stagesDurationS(plan.load) ?? runLimits.defaultDurationCapS;
}
