import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBenchJson } from '../../../../src-main/core/bench/parsers/json-parser';
import { summarizeBaseline } from '../../../../src-main/core/diagnose/baseline';
import { RequestRecord } from '../../../../src-shared/schemas/request-record';

// Recorded data: requests of a real llama-server run (test/fixtures/runs/README.md) and a real
// llama-bench JSON of a tiny model; the test pairs them only to exercise the matching by file name and -t.
const requests = readFileSync('test/fixtures/runs/healthy-np4-t1-requests.jsonl', 'utf8').trim().split('\n').map((line) => RequestRecord.parse(JSON.parse(line)));
const bench = parseBenchJson(readFileSync('test/fixtures/llama-bench/v0.5.0/llama-bench.json', 'utf8'));

describe('the baseline step of a diagnosis', () => {
  it('takes single-stream prefill and decode speed from the server’s own timings of successful requests', () => {
    const baseline = summarizeBaseline({ runId: 'run-1', requests, threads: 1, bench: [] });
    const rates = requests.filter((r) => r.errorClass === null).map((r) => r.serverPredictedPerS ?? 0);
    expect(baseline.requests).toBe(requests.filter((r) => r.errorClass === null && r.phase !== 'warmup').length);
    expect(baseline.decodeTokensPerS).toBeGreaterThanOrEqual(Math.min(...rates));
    expect(baseline.decodeTokensPerS).toBeLessThanOrEqual(Math.max(...rates));
    expect(baseline.prefillTokensPerS).toBeGreaterThan(0);
    expect(baseline.bench).toBeNull();
    expect(baseline.sentence).toMatch(/^One user decodes at [\d.]+ tok\/s; no llama-bench run of this model is in the store to compare it with/);
  });

  it('compares with llama-bench tg for the same model file and -t, and says which side is slow', () => {
    const baseline = summarizeBaseline({ runId: 'run-1', requests, modelPath: '/models/tiny-llama-f16.gguf', threads: 2, bench: [{ id: 'bench-1', results: bench.results }] });
    expect(baseline.bench).toMatchObject({ benchRunId: 'bench-1', threads: 2 });
    expect(baseline.bench?.tgTokensPerS).toBeCloseTo(146.9, 1);
    // The recorded server decodes at several hundred tok/s, well above this tg: "the server adds little".
    expect(baseline.sentence).toMatch(/% of llama-bench tg 146\.9 tok\/s at -t 2: the server adds little; the hardware sets the single-stream speed\.$/);
    const slow = summarizeBaseline({ runId: 'run-1', requests, modelPath: '/m/tiny-llama-f16.gguf', threads: 1, bench: [{ id: 'bench-1', results: bench.results.map((r) => ({ ...r, avgTs: r.avgTs * 100 })) }] });
    expect(slow.sentence).toMatch(/points at the server \(its flags, or other load on the host\), not the hardware\.$/);
  });

  it('finds no reference for another model', () => {
    expect(summarizeBaseline({ runId: 'r', requests, modelPath: '/m/other.gguf', threads: 1, bench: [{ id: 'b', results: bench.results }] }).bench).toBeNull();
  });
});
