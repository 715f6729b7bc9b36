import type { ServerMetricsSnapshot } from '../scheduler/server-metrics';

/**
 * `/metrics` text exactly as llama.cpp v0.5.0 renders it (`server_task_result_metrics::to_metrics`):
 * every metric with `# HELP` and `# TYPE`, counters first, then gauges, names prefixed
 * `llamacpp:`, values printed like a C++ stream prints a double (6 significant digits).
 */

export interface MetricsGauges {
  readonly requestsProcessing: number;
  readonly requestsDeferred: number;
}

type Item = readonly [name: string, help: string, value: number];

export function renderPrometheus(snapshot: ServerMetricsSnapshot, gauges: MetricsGauges): string {
  const counters: Item[] = [
    ['prompt_tokens_total', 'Number of prompt tokens processed, excluding cached tokens', snapshot.promptTokensTotal],
    ['prompt_tokens_cached_total', 'Number of prompt tokens reused from the cache', snapshot.promptTokensCachedTotal],
    ['prompt_seconds_total', 'Total time spent processing prompts', snapshot.promptSecondsTotal],
    ['tokens_predicted_total', 'Number of generation tokens processed', snapshot.tokensPredictedTotal],
    ['tokens_predicted_seconds_total', 'Total time spent generating tokens', snapshot.tokensPredictedSecondsTotal],
    [
      'n_decode_total',
      'Total number of llama_decode() calls, excluding speculative decoding and multimodal decoding',
      snapshot.nDecodeTotal,
    ],
    ['n_tokens_max', 'Largest observed sequence length (prompt + generation)', snapshot.nTokensMax],
    ['spec_decode_num_draft_tokens_total', 'Speculative: Total draft tokens generated', 0],
    ['spec_decode_num_accepted_tokens_total', 'Speculative: Total draft tokens accepted by the target model', 0],
    ['spec_decode_num_drafts_total', 'Speculative: Total speculative decoding verification steps', 0],
  ];
  const gaugeItems: Item[] = [
    ['prompt_tokens_seconds', 'Average prompt throughput in tokens/s', snapshot.promptTokensSeconds],
    ['predicted_tokens_seconds', 'Average generation throughput in tokens/s', snapshot.predictedTokensSeconds],
    ['requests_processing', 'Number of requests processing', gauges.requestsProcessing],
    ['requests_deferred', 'Number of requests deferred', gauges.requestsDeferred],
    ['n_busy_slots_per_decode', 'Average number of busy slots per llama_decode() call', snapshot.nBusySlotsPerDecode],
  ];
  return renderItems('counter', counters) + renderItems('gauge', gaugeItems);
}

function renderItems(type: string, items: readonly Item[]): string {
  return items
    .map(([name, help, value]) => `# HELP llamacpp:${name} ${help}\n# TYPE llamacpp:${name} ${type}\nllamacpp:${name} ${formatCppDouble(value)}\n`)
    .join('');
}

/**
 * A double as `std::ostream << double` prints it: `%g` with 6 significant digits, trailing zeros
 * dropped, scientific notation (`1.23457e+06`) when the exponent is below -4 or at least 6.
 * Counters above 999 999 therefore lose precision, exactly as on a real server.
 */
export function formatCppDouble(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '0', exponentText = '0'] = value.toExponential(5).split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${stripZeros(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return stripZeros(value.toFixed(Math.max(0, 5 - exponent)));
}

function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
