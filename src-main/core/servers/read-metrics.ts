import type { ServerMetricsReading } from '../../../src-shared/schemas/server-sample';
import { parsePrometheusText, type PromText } from './prometheus-text';

/** A reading where the server said nothing. */
export const emptyMetricsReading: ServerMetricsReading = {
  running: null,
  waiting: null,
  kvCacheUsage: null,
  promptTokensTotal: null,
  promptSecondsTotal: null,
  generatedTokensTotal: null,
  generatedSecondsTotal: null,
  cachedPromptTokensTotal: null,
  busySlotsPerDecode: null,
  preemptionsTotal: null,
};

/** Sum of a metric over all its label sets (vLLM has one per engine), or null when absent or not finite. */
function sumOf(prom: PromText, names: readonly string[]): number | null {
  for (const name of names) {
    const values = prom.samples.filter((sample) => sample.name === name).map((sample) => sample.value);
    if (values.length === 0) continue;
    const total = values.reduce((sum, value) => sum + value, 0);
    return Number.isFinite(total) && total >= 0 ? total : null;
  }
  return null;
}

/** Mean over label sets, for gauges that are ratios per engine. */
function meanOf(prom: PromText, names: readonly string[]): number | null {
  for (const name of names) {
    const values = prom.samples.filter((sample) => sample.name === name && Number.isFinite(sample.value)).map((sample) => sample.value);
    if (values.length > 0) return values.reduce((sum, value) => sum + value, 0) / values.length;
  }
  return null;
}

const ratio = (value: number | null): number | null => (value === null ? null : Math.min(1, Math.max(0, value)));

/**
 * llama-server's `/metrics` (reference §2.2): names matched exactly, never HELP or TYPE (they
 * changed across builds). `kv_cache_usage_ratio` exists only in builds before May 2025.
 */
export function readLlamaCppMetrics(prom: PromText): ServerMetricsReading {
  const metric = (name: string): number | null => sumOf(prom, [`llamacpp:${name}`]);
  return {
    running: metric('requests_processing'),
    waiting: metric('requests_deferred'),
    kvCacheUsage: ratio(metric('kv_cache_usage_ratio')),
    promptTokensTotal: metric('prompt_tokens_total'),
    promptSecondsTotal: metric('prompt_seconds_total'),
    generatedTokensTotal: metric('tokens_predicted_total'),
    generatedSecondsTotal: metric('tokens_predicted_seconds_total'),
    cachedPromptTokensTotal: metric('prompt_tokens_cached_total'),
    busySlotsPerDecode: metric('n_busy_slots_per_decode'),
    preemptionsTotal: null,
  };
}

/**
 * vLLM's `/metrics` (reference §5.1): summed over engines; KV use is `kv_cache_usage_perc`
 * (0–1 despite its name) or its older name `gpu_cache_usage_perc`. vLLM has no server-side
 * prompt seconds comparable to llama.cpp's, so those stay null.
 */
export function readVllmMetrics(prom: PromText): ServerMetricsReading {
  return {
    ...emptyMetricsReading,
    running: sumOf(prom, ['vllm:num_requests_running']),
    waiting: sumOf(prom, ['vllm:num_requests_waiting']),
    kvCacheUsage: ratio(meanOf(prom, ['vllm:kv_cache_usage_perc', 'vllm:gpu_cache_usage_perc'])),
    promptTokensTotal: sumOf(prom, ['vllm:prompt_tokens_total', 'vllm:prompt_tokens']),
    generatedTokensTotal: sumOf(prom, ['vllm:generation_tokens_total', 'vllm:generation_tokens']),
    cachedPromptTokensTotal: sumOf(prom, ['vllm:prefix_cache_hits_total', 'vllm:gpu_prefix_cache_hits_total']),
    preemptionsTotal: sumOf(prom, ['vllm:num_preemptions_total', 'vllm:num_preemptions']),
  };
}

/** Which known family a text carries, by its metric name prefixes. */
export function detectMetricsFamily(prom: PromText): 'llama.cpp' | 'vllm' | null {
  if (prom.samples.some((sample) => sample.name.startsWith('llamacpp:'))) return 'llama.cpp';
  if (prom.samples.some((sample) => sample.name.startsWith('vllm:'))) return 'vllm';
  return null;
}

/** Any server's `/metrics`: whichever known family it prints (a generic OpenAI endpoint may be either). */
export function readAnyMetrics(prom: PromText): ServerMetricsReading {
  const family = detectMetricsFamily(prom);
  if (family === 'llama.cpp') return readLlamaCppMetrics(prom);
  if (family === 'vllm') return readVllmMetrics(prom);
  return emptyMetricsReading;
}

/** Text → reading for one server kind; throws a parse_error for text that is not Prometheus. */
export function readMetricsText(text: string, family: 'llama.cpp' | 'vllm' | 'any'): ServerMetricsReading {
  const prom = parsePrometheusText(text);
  if (family === 'llama.cpp') return readLlamaCppMetrics(prom);
  if (family === 'vllm') return readVllmMetrics(prom);
  return readAnyMetrics(prom);
}
