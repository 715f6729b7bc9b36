import type { ApiKind, RunPlan } from '../../../../src-shared/schemas/run-plan';
import { runPlanDefaults } from '../../../../src-shared/schemas/run-plan';

/** One prompt as the generator sends it (core/datasets' DatasetPrompt has this shape). */
export interface PromptInput {
  messages: ReadonlyArray<{ role: string; content: string }>;
  /** Output tokens to ask for; null uses the plan's maxTokens. */
  maxTokens: number | null;
}

/** Everything a worker needs to send a run's requests, built once per run by the parent. */
export interface RequestTarget {
  api: ApiKind;
  stream: boolean;
  origin: string;
  path: string;
  /** Request headers, the API key included (they travel to workers in memory only, never to disk). */
  headers: Record<string, string>;
  /** One serialised body per prompt (per batch for embeddings); request k sends bodies[k mod length]. */
  bodies: string[];
  timeoutMs: number;
  /** Embeddings: vectors each request expects back. */
  embeddingInputs: number;
}

export const apiPaths: Readonly<Record<ApiKind, string>> = {
  chat: '/v1/chat/completions',
  completions: '/v1/completions',
  embeddings: '/v1/embeddings',
  native: '/completion',
};

/** Plain text of a chat prompt for the text APIs: the messages' contents, a blank line apart. */
export function promptText(prompt: PromptInput): string {
  return prompt.messages.map((message) => message.content).join('\n\n');
}

type BodyPlan = Pick<RunPlan, 'model' | 'maxTokens' | 'ignoreEos' | 'api'> & { stream: boolean };

/** The JSON body of one request of `plan.api`: streamed ones ask for usage; ignore_eos only when asked. */
export function buildRequestBody(plan: BodyPlan, prompt: PromptInput): Record<string, unknown> {
  const maxTokens = prompt.maxTokens ?? plan.maxTokens;
  let body: Record<string, unknown>;
  if (plan.api === 'native') {
    body = { prompt: promptText(prompt), n_predict: maxTokens, stream: plan.stream };
  } else {
    body = plan.api === 'chat' ? { messages: prompt.messages } : { prompt: promptText(prompt) };
    body.max_tokens = maxTokens;
    body.stream = plan.stream;
    if (plan.stream) body.stream_options = { include_usage: true };
  }
  if (plan.model !== undefined) body.model = plan.model;
  if (plan.ignoreEos) body.ignore_eos = true;
  return body;
}

function embeddingBodies(plan: RunPlan, prompts: readonly PromptInput[], inputs: number): string[] {
  const batches = Math.max(1, Math.ceil(prompts.length / inputs));
  return Array.from({ length: batches }, (_, batch) => {
    const input = Array.from({ length: inputs }, (_, index) => promptText(prompts[(batch * inputs + index) % prompts.length]!));
    return JSON.stringify(plan.model === undefined ? { input } : { input, model: plan.model });
  });
}

/**
 * The run's request target: URL, headers (extra headers, then the API key as a bearer token)
 * and one body per prompt. Without a dataset the prompt is the plan's.
 */
export function buildRequestTarget(plan: RunPlan, options: { prompts?: readonly PromptInput[]; apiKey?: string | undefined }): RequestTarget {
  const prompts = options.prompts && options.prompts.length > 0 ? options.prompts : [{ messages: [{ role: 'user', content: plan.prompt }], maxTokens: null }];
  const stream = plan.api !== 'embeddings' && (plan.stream ?? runPlanDefaults.stream);
  const embeddingInputs = plan.embeddingInputs ?? runPlanDefaults.embeddingInputs;
  const url = new URL(plan.url + apiPaths[plan.api]);
  const extra = Object.entries(plan.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]);
  const headers: Record<string, string> = { accept: stream ? 'text/event-stream' : 'application/json', ...Object.fromEntries(extra), 'content-type': 'application/json' };
  if (options.apiKey !== undefined) headers.authorization = `Bearer ${options.apiKey}`;
  const bodies = plan.api === 'embeddings' ? embeddingBodies(plan, prompts, embeddingInputs) : prompts.map((prompt) => JSON.stringify(buildRequestBody({ ...plan, stream }, prompt)));
  return { api: plan.api, stream, origin: url.origin, path: url.pathname + url.search, headers, bodies, timeoutMs: plan.requestTimeoutS * 1000, embeddingInputs };
}
