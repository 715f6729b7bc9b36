import type { StopType, TaskResult } from '../scheduler/task';

/** llama.cpp's `timings` object (v0.5.0 `server_slot_stats::to_json`), fields in its order. */
export interface LlamaTimings {
  readonly cache_n: number;
  readonly prompt_n: number;
  readonly prompt_ms: number;
  readonly prompt_per_token_ms: number;
  readonly prompt_per_second: number;
  readonly predicted_n: number;
  readonly predicted_ms: number;
  readonly predicted_per_token_ms: number;
  readonly predicted_per_second: number;
}

/**
 * Builds `timings` with v0.5.0's arithmetic, operation order included (it decides the last
 * digits): generation rates divide by `predicted_n − 1` because the first token comes free with
 * the prompt's last batch.
 */
export function buildTimings(result: TaskResult): LlamaTimings {
  const steps = Math.max(0, result.predictedN - 1);
  return {
    cache_n: result.cacheN,
    prompt_n: result.promptN,
    prompt_ms: result.promptMs,
    prompt_per_token_ms: result.promptN > 0 ? result.promptMs / result.promptN : 0,
    prompt_per_second: result.promptMs > 0 ? (1e3 / result.promptMs) * result.promptN : 0,
    predicted_n: result.predictedN,
    predicted_ms: result.predictedMs,
    predicted_per_token_ms: steps > 0 ? result.predictedMs / steps : 0,
    predicted_per_second: result.predictedMs > 0 ? (1e3 / result.predictedMs) * steps : 0,
  };
}

export interface LlamaUsage {
  readonly completion_tokens: number;
  readonly prompt_tokens: number;
  readonly total_tokens: number;
  readonly prompt_tokens_details: { readonly cached_tokens: number };
}

/** OpenAI `usage` as llama.cpp fills it: prompt tokens include the cached ones. */
export function buildUsage(result: TaskResult): LlamaUsage {
  return {
    completion_tokens: result.predictedN,
    prompt_tokens: result.nPromptTokens,
    total_tokens: result.predictedN + result.nPromptTokens,
    prompt_tokens_details: { cached_tokens: result.cacheN },
  };
}

/** `finish_reason`: EOS and stop words end with "stop"; limits (max_tokens, context) with "length". */
export function finishReason(stopType: StopType): 'stop' | 'length' {
  return stopType === 'eos' || stopType === 'word' ? 'stop' : 'length';
}
