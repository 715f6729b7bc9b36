import type { ChatMessage } from '../engine/engine';
import { invalidRequestError, type LlamaError } from '../llama-errors';
import { randomSeed } from '../scheduler/scheduler';
import type { TaskParams } from '../scheduler/task';
import type { JsonBody } from './http-io';

export type Parsed<T> = { readonly value: T } | { readonly error: LlamaError };

export interface CompletionRequest {
  readonly params: TaskParams;
  readonly includeUsage: boolean;
}

/**
 * Reads the generation knobs a load test uses (llama.cpp v0.5.0 `server-schema.cpp`):
 * `n_predict` with its aliases `max_tokens` and `max_completion_tokens`, `ignore_eos`, `stream`,
 * `stream_options.include_usage`, `cache_prompt`, `seed`, `temperature` and `n`. Other sampling
 * fields are accepted and have no effect on the sim engine's text.
 */
export function readCompletionRequest(body: JsonBody, nSlots: number, serverCachePrompt: boolean): Parsed<CompletionRequest> {
  const nPredict = firstDefined(body.n_predict, body.max_tokens, body.max_completion_tokens);
  if (nPredict !== undefined && nPredict !== null && !Number.isInteger(nPredict)) {
    return { error: invalidRequestError("Field 'n_predict': must be an integer") };
  }
  const n = body.n ?? body.n_cmpl ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > nSlots) {
    return { error: invalidRequestError(`Field 'n': Value must be between 1 <= value <= ${nSlots}, but got ${String(n)}`) };
  }
  if (n > 1) return { error: invalidRequestError('the demo server generates one choice per request (n = 1)') };
  const seed = typeof body.seed === 'number' && Number.isInteger(body.seed) && body.seed >= 0 ? body.seed : randomSeed;
  const streamOptions = typeof body.stream_options === 'object' && body.stream_options !== null ? (body.stream_options as JsonBody) : {};
  return {
    value: {
      params: {
        nPredict: typeof nPredict === 'number' ? nPredict : -1,
        ignoreEos: body.ignore_eos === true,
        stream: body.stream === true,
        cachePrompt: serverCachePrompt && body.cache_prompt !== false,
        seed,
        temperature: typeof body.temperature === 'number' ? body.temperature : 0.8,
      },
      includeUsage: streamOptions.include_usage === true,
    },
  };
}

function firstDefined(...values: unknown[]): unknown {
  return values.find((value) => value !== undefined && value !== null);
}

/** Chat messages; content may be a string or OpenAI content parts (text parts are joined). */
export function readMessages(body: JsonBody): Parsed<ChatMessage[]> {
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return { error: invalidRequestError("'messages' is required and must be a non-empty array") };
  }
  const messages: ChatMessage[] = [];
  for (const raw of body.messages as unknown[]) {
    if (typeof raw !== 'object' || raw === null) return { error: invalidRequestError('each message must be an object') };
    const message = raw as JsonBody;
    const content = messageText(message.content);
    if (typeof message.role !== 'string' || content === null) {
      return { error: invalidRequestError("each message needs a string 'role' and a string or text-part 'content'") };
    }
    messages.push({ role: message.role, content });
  }
  return { value: messages };
}

function messageText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (!Array.isArray(content)) return null;
  const parts = content.map((part: unknown) => {
    const record = typeof part === 'object' && part !== null ? (part as JsonBody) : {};
    return record.type === 'text' && typeof record.text === 'string' ? record.text : null;
  });
  return parts.every((part) => part !== null) ? parts.join('') : null;
}

/** A completion prompt: a string, token ids, or a one-element array of either (the demo serves one prompt). */
export function readPrompt(body: JsonBody, field = 'prompt'): Parsed<string | number[]> {
  let prompt = body[field];
  if (Array.isArray(prompt) && prompt.length === 1 && (typeof prompt[0] === 'string' || Array.isArray(prompt[0]))) prompt = prompt[0];
  if (typeof prompt === 'string') return { value: prompt };
  if (Array.isArray(prompt) && prompt.every((id) => Number.isInteger(id))) return { value: prompt as number[] };
  return { error: invalidRequestError(`"${field}" must be provided as a string or an array of token ids`) };
}

/** Embedding inputs: `input` (OpenAI) or `content` (native), one string or several. */
export function readEmbeddingInputs(body: JsonBody): Parsed<string[]> {
  const input = body.input ?? body.content;
  if (typeof input === 'string') return { value: [input] };
  if (Array.isArray(input) && input.length > 0 && input.every((item) => typeof item === 'string')) return { value: input as string[] };
  return { error: invalidRequestError('"input" must be a string or an array of strings') };
}
