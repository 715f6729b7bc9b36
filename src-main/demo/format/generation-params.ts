import type { TaskParams } from '../scheduler/task';

/**
 * llama.cpp's sampling parameters object (`task_params::to_json`), as it appears in /props,
 * /slots (the short "metrics" form) and the native API's `generation_settings` (the full form).
 * The demo samples none of them except seed and temperature, but clients read the shape, and the
 * float32 values print as llama.cpp prints them (0.8 → 0.800000011920929).
 */

const f32 = (value: number): number => Math.fround(value);

const samplers = ['penalties', 'dry', 'top_n_sigma', 'top_k', 'typ_p', 'top_p', 'min_p', 'xtc', 'temperature'];

/** The parameters of a request, or the server defaults when `params` is omitted (as /props shows them). */
export function generationParams(params: TaskParams | null, full: boolean): Record<string, unknown> {
  const nPredict = params?.nPredict ?? -1;
  const head: Record<string, unknown> = {
    seed: params?.seed ?? 4294967295,
    temperature: f32(params?.temperature ?? 0.8),
    dynatemp_range: 0,
    dynatemp_exponent: 1,
    top_k: 40,
    top_p: f32(0.95),
    min_p: f32(0.05),
    top_n_sigma: -1,
    xtc_probability: 0,
    xtc_threshold: f32(0.1),
    typical_p: 1,
    repeat_last_n: 64,
    repeat_penalty: 1,
    presence_penalty: 0,
    frequency_penalty: 0,
    dry_multiplier: 0,
    dry_base: 1.75,
    dry_allowed_length: 2,
    dry_penalty_last_n: 64,
    ...(full ? { dry_sequence_breakers: ['\n', ':', '"', '*'] } : {}),
    mirostat: 0,
    mirostat_tau: 5,
    mirostat_eta: f32(0.1),
    adaptive_target: -1,
    adaptive_decay: f32(0.9),
    ...(full ? { stop: [] } : {}),
    max_tokens: nPredict,
    n_predict: nPredict,
    n_keep: 0,
    n_discard: 0,
    ignore_eos: params?.ignoreEos ?? false,
    stream: params?.stream ?? false,
  };
  return { ...head, ...tailParams(full) };
}

function tailParams(full: boolean): Record<string, unknown> {
  return {
    ...(full ? { logit_bias: [] } : {}),
    n_probs: 0,
    min_keep: 0,
    ...(full ? { grammar: '', grammar_lazy: false, grammar_triggers: [], preserved_tokens: [] } : {}),
    chat_format: 'Content-only',
    reasoning_format: 'none',
    reasoning_in_content: false,
    generation_prompt: '',
    samplers,
    'speculative.types': 'none',
    timings_per_token: false,
    post_sampling_probs: false,
    backend_sampling: false,
    lora: [],
  };
}
