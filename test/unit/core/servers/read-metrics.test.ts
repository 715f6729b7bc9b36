import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../../../../src-main/core/servers/prometheus-text';
import { detectMetricsFamily, emptyMetricsReading, readAnyMetrics, readLlamaCppMetrics, readMetricsText, readVllmMetrics } from '../../../../src-main/core/servers/read-metrics';
import { serverFixture, serverFixturesMatching } from './fixtures';

describe('llama.cpp /metrics', () => {
  it('reads the live capture taken while two slots generated and one request waited', () => {
    expect(readMetricsText(serverFixture('metrics-llamacpp-busy.prom'), 'llama.cpp')).toEqual({
      running: 2,
      waiting: 1,
      kvCacheUsage: null,
      promptTokensTotal: 411,
      promptSecondsTotal: 0.077938,
      generatedTokensTotal: 29,
      generatedSecondsTotal: 0.034303,
      cachedPromptTokensTotal: 59,
      busySlotsPerDecode: 1.90823,
      preemptionsTotal: null,
    });
  });

  it('reads 4 busy slots and 4 deferred requests from the queued capture', () => {
    const reading = readMetricsText(serverFixture('captured/41-metrics-queued.body'), 'llama.cpp');
    expect([reading.running, reading.waiting, reading.promptTokensTotal, reading.cachedPromptTokensTotal]).toEqual([4, 4, 186, 9]);
  });

  it('reads the KV-cache ratio of 2024 builds and leaves the 2026 cached-token counter null there', () => {
    const reading = readMetricsText(serverFixture('metrics-llamacpp-2024.prom'), 'llama.cpp');
    expect(reading.kvCacheUsage).toBe(0.378418);
    expect(reading.cachedPromptTokensTotal).toBeNull();
    expect(reading.busySlotsPerDecode).toBeNull();
  });

  it('reads the 2025 layout where n_busy_slots_per_decode was typed a counter', () => {
    const reading = readMetricsText(serverFixture('metrics-llamacpp-2025.prom'), 'llama.cpp');
    expect([reading.running, reading.waiting, reading.busySlotsPerDecode, reading.cachedPromptTokensTotal]).toEqual([8, 5, 6.79286, null]);
  });

  it('reads every llama.cpp fixture with the gauges present', () => {
    for (const file of serverFixturesMatching(/llamacpp.*\.prom$|metrics.*\.body$/)) {
      const reading = readMetricsText(serverFixture(file), 'llama.cpp');
      expect(reading.running, file).not.toBeNull();
      expect(reading.waiting, file).not.toBeNull();
      expect(reading.promptTokensTotal, file).not.toBeNull();
    }
  });
});

describe('vLLM /metrics', () => {
  it('sums engines and reads KV use as a 0–1 ratio', () => {
    expect(readMetricsText(serverFixture('vllm-metrics.prom'), 'vllm')).toEqual({
      ...emptyMetricsReading,
      running: 48,
      waiting: 13,
      kvCacheUsage: 0.9431818181818182,
      promptTokensTotal: 7379072,
      generatedTokensTotal: 2155008,
      cachedPromptTokensTotal: 1803264,
      preemptionsTotal: 37,
    });
  });

  it('falls back to the deprecated gpu_cache_usage_perc and sums data-parallel engines', () => {
    const text = ['vllm:num_requests_running{engine="0"} 3', 'vllm:num_requests_running{engine="1"} 5', 'vllm:gpu_cache_usage_perc{engine="0"} 0.5', 'vllm:gpu_cache_usage_perc{engine="1"} 0.7'].join('\n');
    const reading = readVllmMetrics(parsePrometheusText(text));
    expect(reading.running).toBe(8);
    expect(reading.kvCacheUsage).toBeCloseTo(0.6, 10);
  });
});

describe('a generic OpenAI endpoint', () => {
  it('reads whichever family its /metrics prints, and nothing from foreign metrics', () => {
    expect(detectMetricsFamily(parsePrometheusText(serverFixture('vllm-metrics.prom')))).toBe('vllm');
    expect(readMetricsText(serverFixture('metrics-llamacpp-busy.prom'), 'any').waiting).toBe(1);
    expect(readAnyMetrics(parsePrometheusText('http_requests_total 5\n'))).toEqual(emptyMetricsReading);
  });

  it('gives nothing from vLLM text to the llama.cpp reader, rather than wrong numbers', () => {
    expect(readLlamaCppMetrics(parsePrometheusText(serverFixture('vllm-metrics.prom')))).toEqual(emptyMetricsReading);
  });

  it('drops negative or NaN counters instead of passing them on', () => {
    const reading = readMetricsText('llamacpp:requests_processing NaN\nllamacpp:requests_deferred -1\nllamacpp:kv_cache_usage_ratio 1.5', 'llama.cpp');
    expect([reading.running, reading.waiting, reading.kvCacheUsage]).toEqual([null, null, 1]);
  });
});
