import type { RequestTiming } from './request-timing';

const quote = 34;
const colon = 58;

function skipWhitespace(text: string, index: number): number {
  let at = index;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) break;
    at += 1;
  }
  return at;
}

/** Index just past `"key"` + optional whitespace + `:` + optional whitespace, or -1. */
export function valueIndexAfterKey(text: string, keyEnd: number): number {
  let at = skipWhitespace(text, keyEnd);
  if (text.charCodeAt(at) !== colon) return -1;
  at = skipWhitespace(text, at + 1);
  return at;
}

/**
 * True when a chat chunk's JSON holds a `content` or `reasoning_content` key whose value is a
 * non-empty string — without parsing it. Escaped quotes cannot form `content"` inside a JSON
 * string, so every unescaped match ends a string token; only keys followed by `:` count.
 * Tolerates the `": "` spacing of Python servers. Role-only chunks (`"content":null`) and
 * empty deltas (`"content":""`) are not content.
 */
export function hasNonEmptyContent(payload: string): boolean {
  let from = 0;
  for (;;) {
    const at = payload.indexOf('content"', from);
    if (at < 1) return false;
    from = at + 8;
    const isKey = payload.charCodeAt(at - 1) === quote || payload.startsWith('"reasoning_', at - 11);
    if (!isKey) continue;
    const value = valueIndexAfterKey(payload, from);
    if (value !== -1 && payload.charCodeAt(value) === quote && payload.charCodeAt(value + 1) !== quote) return true;
  }
}

/** True when the chunk may set finish_reason (the key is there and its value is not null). */
export function mayCarryFinishReason(payload: string): boolean {
  const at = payload.indexOf('"finish_reason"');
  if (at === -1) return false;
  const value = valueIndexAfterKey(payload, at + 15);
  return value !== -1 && payload.charCodeAt(value) !== 110; // 'n' of null
}

export type Json = Record<string, unknown>;
export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
export const countOf = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : -1);

/**
 * Interprets one `data:` payload of a streamed chat completion into `timing`.
 *
 * Hot path: a content chunk without a finish reason is detected by a string scan and never
 * parsed; everything else (role chunk, finish chunk, usage chunk, error event) is parsed once.
 * So usage is read from the finish and usage-only chunks: servers that stream a running usage
 * on every content chunk (vLLM's continuous_usage_stats) repeat the final count there, and
 * skipping the scan for it saves a pass over every token's event. `[DONE]` marks a clean end.
 */
export function interpretChatPayload(payload: string, timing: RequestTiming): void {
  interpretOpenAiPayload(payload, timing, hasNonEmptyContent);
}

/** The same for any OpenAI-style stream, given how to tell a content chunk (chat: content, completions: text). */
export function interpretOpenAiPayload(payload: string, timing: RequestTiming, hasContent: (payload: string) => boolean): void {
  if (payload === '[DONE]') {
    timing.sawDone = true;
    return;
  }
  const isContent = hasContent(payload);
  if (isContent) timing.onContent(timing.chunkAtMs);
  if (isContent && !mayCarryFinishReason(payload)) return;
  let chunk: unknown;
  try {
    chunk = JSON.parse(payload);
  } catch {
    return; // A garbled event is skipped; if nothing usable arrives the request ends as empty or cut.
  }
  if (isObject(chunk)) readChunkFields(chunk, timing);
}

/** Finish reason, usage and llama.cpp timings of a parsed chunk (or of a whole non-streamed body). */
export function readChunkFields(chunk: Json, timing: RequestTiming): void {
  if (isObject(chunk.error)) {
    readStreamError(chunk.error, timing);
    return;
  }
  const choices = chunk.choices;
  if (Array.isArray(choices) && isObject(choices[0]) && typeof choices[0].finish_reason === 'string') {
    timing.finishReason = choices[0].finish_reason.slice(0, 64);
  }
  if (isObject(chunk.usage)) {
    const output = countOf(chunk.usage.completion_tokens);
    const prompt = countOf(chunk.usage.prompt_tokens);
    if (output >= 0) timing.usageOutputTokens = output;
    if (prompt >= 0) timing.usagePromptTokens = prompt;
  }
  if (isObject(chunk.timings)) readTimings(chunk.timings, timing);
}

/** llama.cpp's `timings`: predicted_n, prompt_n + cache_n, prompt_ms, predicted_per_second. */
export function readTimings(timings: Json, timing: RequestTiming): void {
  const predicted = countOf(timings.predicted_n);
  const promptComputed = countOf(timings.prompt_n);
  const promptCached = countOf(timings.cache_n);
  if (predicted >= 0) timing.timingsOutputTokens = predicted;
  if (promptComputed >= 0) timing.timingsPromptTokens = promptComputed + Math.max(0, promptCached);
  const promptMs = timings.prompt_ms;
  if (typeof promptMs === 'number' && Number.isFinite(promptMs) && promptMs >= 0) timing.timingsPromptMs = promptMs;
  const predictedPerS = timings.predicted_per_second;
  if (typeof predictedPerS === 'number' && Number.isFinite(predictedPerS) && predictedPerS >= 0) timing.timingsPredictedPerS = predictedPerS;
}

/** An `{"error":{…}}` event inside a 200 stream (llama.cpp sends one, then closes without [DONE]). */
export function readStreamError(error: Json, timing: RequestTiming): void {
  const message = typeof error.message === 'string' ? error.message : 'error event in the stream';
  const type = typeof error.type === 'string' ? error.type : '';
  const code = typeof error.code === 'number' ? error.code : 0;
  timing.fail(classifyServerError({ status: code, type, message }), `${type || 'error'}: ${message}`);
}

/** Maps a server's error (HTTP status or in-stream error object) to the class a tuner acts on. */
export function classifyServerError(error: { status: number; type: string; message: string }): 'context_exceeded' | 'http_4xx' | 'http_5xx' | 'other' {
  if (error.type === 'exceed_context_size_error' || /context size has been exceeded|exceeds the available context/i.test(error.message)) {
    return 'context_exceeded';
  }
  if (error.status >= 500 && error.status < 600) return 'http_5xx';
  if (error.status >= 400 && error.status < 500) return 'http_4xx';
  return 'other';
}
