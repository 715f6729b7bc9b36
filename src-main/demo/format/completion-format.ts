import type { FinalAnswer, ResponseMeta } from './chat-format';
import type { LlamaTimings } from './timings';

/**
 * Bodies and SSE chunks of `/v1/completions` (OpenAI `text_completion`) and of the native
 * `/completion`, with llama.cpp v0.5.0's field order (fixtures sse-oai-completions-stream.txt and
 * sse-completion-stream.txt). `/v1/completions` always puts `usage` and `timings` on its final
 * chunk; the native stream has no `[DONE]` and shows `id_slot: -1` until its final chunk.
 */

function textTail(meta: ResponseMeta): Record<string, unknown> {
  return { created: meta.created, model: meta.model, system_fingerprint: meta.fingerprint, object: 'text_completion' };
}

export function textContentChunk(meta: ResponseMeta, text: string): object {
  return { choices: [{ text, index: 0, logprobs: null, finish_reason: null }], ...textTail(meta), id: meta.id };
}

/** The final chunk of a stream (`text` empty) or the whole non-streamed body (`text` = the answer). */
export function textFinalBody(meta: ResponseMeta, { text, reason, usage, timings }: FinalAnswer): object {
  return { choices: [{ text, index: 0, logprobs: null, finish_reason: reason }], ...textTail(meta), usage, id: meta.id, timings };
}

export function createTextContentEncoder(meta: ResponseMeta): (text: string) => string {
  const tail = JSON.stringify({ ...textTail(meta), id: meta.id }).slice(1);
  return (text) => `{"choices":[{"text":${JSON.stringify(text)},"index":0,"logprobs":null,"finish_reason":null}],${tail}`;
}

export interface NativePartial {
  readonly content: string;
  readonly token: number;
  readonly tokensPredicted: number;
  readonly tokensEvaluated: number;
}

export function nativePartialChunk(partial: NativePartial): object {
  return {
    index: 0,
    content: partial.content,
    tokens: [partial.token],
    stop: false,
    id_slot: -1,
    tokens_predicted: partial.tokensPredicted,
    tokens_evaluated: partial.tokensEvaluated,
  };
}

export interface NativeFinal {
  /** The whole answer when not streamed; '' at the end of a stream. */
  readonly content: string;
  readonly slotId: number;
  readonly model: string;
  readonly tokensPredicted: number;
  readonly tokensEvaluated: number;
  readonly generationSettings: object;
  readonly prompt: string;
  readonly hasNewLine: boolean;
  readonly truncated: boolean;
  readonly stopType: string;
  readonly tokensCached: number;
  readonly timings: LlamaTimings;
}

export function nativeFinalBody(final: NativeFinal): object {
  return {
    index: 0,
    content: final.content,
    tokens: [],
    id_slot: final.slotId,
    stop: true,
    model: final.model,
    tokens_predicted: final.tokensPredicted,
    tokens_evaluated: final.tokensEvaluated,
    generation_settings: final.generationSettings,
    prompt: final.prompt,
    has_new_line: final.hasNewLine,
    truncated: final.truncated,
    stop_type: final.stopType,
    stopping_word: '',
    tokens_cached: final.tokensCached,
    timings: final.timings,
  };
}
