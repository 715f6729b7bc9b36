import type { LlamaTimings, LlamaUsage } from './timings';

/**
 * Bodies and SSE chunks of `/v1/chat/completions`, with llama.cpp v0.5.0's field order (see
 * test/fixtures/llama-server/sse-chat-stream.txt): role chunk, one chunk per token, a finish
 * chunk, with `stream_options.include_usage` a `choices: []` usage chunk, then `[DONE]`. The
 * last chunk before `[DONE]` carries `timings`.
 */

export interface ResponseMeta {
  readonly id: string;
  /** Unix seconds. */
  readonly created: number;
  readonly model: string;
  /** `system_fingerprint`: llama.cpp's build info. */
  readonly fingerprint: string;
}

type FinishReason = 'stop' | 'length';

function chunkTail(meta: ResponseMeta): Record<string, unknown> {
  return { created: meta.created, id: meta.id, model: meta.model, system_fingerprint: meta.fingerprint, object: 'chat.completion.chunk' };
}

export function chatRoleChunk(meta: ResponseMeta): object {
  return { choices: [{ finish_reason: null, index: 0, delta: { role: 'assistant', content: null } }], ...chunkTail(meta) };
}

export function chatContentChunk(meta: ResponseMeta, content: string): object {
  return { choices: [{ finish_reason: null, index: 0, delta: { content } }], ...chunkTail(meta) };
}

/** The finish chunk; `timings` ride on it only when no usage chunk follows. */
export function chatFinishChunk(meta: ResponseMeta, reason: FinishReason, timings?: LlamaTimings): object {
  const chunk = { choices: [{ finish_reason: reason, index: 0, delta: {} }], ...chunkTail(meta) };
  return timings === undefined ? chunk : { ...chunk, timings };
}

export function chatUsageChunk(meta: ResponseMeta, usage: LlamaUsage, timings: LlamaTimings): object {
  return { choices: [], ...chunkTail(meta), usage, timings };
}

/** What a finished answer carries into its final body or chunk. */
export interface FinalAnswer {
  /** The whole answer (non-streamed) or '' (end of a stream, where the text went out already). */
  readonly text: string;
  readonly reason: FinishReason;
  readonly usage: LlamaUsage;
  readonly timings: LlamaTimings;
}

/** The non-streamed body (`chat.completion`); note `id` comes after `usage` here, as in llama.cpp. */
export function chatCompletionBody(meta: ResponseMeta, { text, reason, usage, timings }: FinalAnswer): object {
  return {
    choices: [{ finish_reason: reason, index: 0, message: { role: 'assistant', content: text } }],
    created: meta.created,
    model: meta.model,
    system_fingerprint: meta.fingerprint,
    object: 'chat.completion',
    usage,
    id: meta.id,
    timings,
  };
}

/**
 * Serialises content chunks with the constant part prepared once per stream: thousands of
 * streams each get a chunk per step, and this keeps a chunk to one small JSON.stringify. Its
 * output is byte-identical to `JSON.stringify(chatContentChunk(meta, content))` (unit-tested).
 */
export function createChatContentEncoder(meta: ResponseMeta): (content: string) => string {
  const tail = JSON.stringify(chunkTail(meta)).slice(1);
  return (content) => `{"choices":[{"finish_reason":null,"index":0,"delta":{"content":${JSON.stringify(content)}}}],${tail}`;
}
