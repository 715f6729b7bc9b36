import { countOf, hasNonEmptyContent, interpretOpenAiPayload, isObject, readChunkFields, readStreamError, readTimings, valueIndexAfterKey, type Json } from './chat-stream';
import type { RequestTiming } from './request-timing';

/**
 * Payload interpreters for the text APIs: OpenAI completions (`choices[0].text`) and
 * llama.cpp's native `/completion` (`content`, `stop`, no `[DONE]`), streamed or not, and the
 * whole-body readers for non-streamed answers.
 */

const quote = 34;

/** True when the payload holds a `"text"` key whose value is a non-empty string (no parse). */
export function hasNonEmptyText(payload: string): boolean {
  let from = 0;
  for (;;) {
    const at = payload.indexOf('"text"', from);
    if (at === -1) return false;
    from = at + 6;
    const value = valueIndexAfterKey(payload, from);
    if (value !== -1 && payload.charCodeAt(value) === quote && payload.charCodeAt(value + 1) !== quote) return true;
  }
}

export function interpretCompletionPayload(payload: string, timing: RequestTiming): void {
  interpretOpenAiPayload(payload, timing, hasNonEmptyText);
}

/** True when a native chunk is its last one (`"stop":true`; escaped quotes cannot form it inside a string). */
function isNativeFinal(payload: string): boolean {
  const at = payload.indexOf('"stop"');
  if (at === -1) return false;
  const value = valueIndexAfterKey(payload, at + 6);
  return value !== -1 && payload.startsWith('true', value);
}

/**
 * One event of a native `/completion` stream. Content chunks are scanned, never parsed; the
 * final chunk (`stop: true`) and error events are parsed once. The final chunk ends the
 * stream the way `[DONE]` does elsewhere.
 */
export function interpretNativePayload(payload: string, timing: RequestTiming): void {
  if (hasNonEmptyContent(payload)) timing.onContent(timing.chunkAtMs);
  const isFinal = isNativeFinal(payload);
  if (!isFinal && !payload.includes('"error"')) return;
  let chunk: unknown;
  try {
    chunk = JSON.parse(payload);
  } catch {
    return;
  }
  if (!isObject(chunk)) return;
  if (isObject(chunk.error)) readStreamError(chunk.error, timing);
  else if (isFinal) readNativeFinal(chunk, timing);
}

function readNativeFinal(chunk: Json, timing: RequestTiming): void {
  timing.sawDone = true;
  timing.finishReason = typeof chunk.stop_type === 'string' ? chunk.stop_type.slice(0, 64) : 'stop';
  const predicted = countOf(chunk.tokens_predicted);
  const evaluated = countOf(chunk.tokens_evaluated);
  if (predicted >= 0) timing.timingsOutputTokens = predicted;
  if (evaluated >= 0) timing.timingsPromptTokens = evaluated;
  if (isObject(chunk.timings)) readTimings(chunk.timings, timing);
}

/** The answer text of a whole non-streamed body, by API. */
function answerText(body: Json, api: 'chat' | 'completions' | 'native'): unknown {
  if (api === 'native') return body.content;
  const choice = Array.isArray(body.choices) && isObject(body.choices[0]) ? body.choices[0] : undefined;
  if (!choice) return undefined;
  if (api === 'completions') return choice.text;
  return isObject(choice.message) ? (choice.message.content ?? choice.message.reasoning_content) : undefined;
}

/**
 * A whole non-streamed answer (HTTP 200), received at `timing.firstChunkMs` … `timing.endMs`.
 * The answer counts as one content chunk arriving with the body's first byte: the client
 * cannot see a token earlier, so TTFT is the time to the body.
 */
export function interpretWholeBody(text: string, timing: RequestTiming, api: 'chat' | 'completions' | 'native'): void {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    timing.fail('other', `the answer is not JSON: ${text.slice(0, 120)}`);
    return;
  }
  if (!isObject(body)) return timing.fail('other', 'the answer is not a JSON object');
  if (isObject(body.error)) return readStreamError(body.error, timing);
  const answer = answerText(body, api);
  if (typeof answer === 'string' && answer.length > 0) timing.onContent(timing.firstChunkMs >= 0 ? timing.firstChunkMs : timing.endMs);
  timing.sawDone = true;
  if (api === 'native') readNativeFinal(body, timing);
  else readChunkFields(body, timing);
}
