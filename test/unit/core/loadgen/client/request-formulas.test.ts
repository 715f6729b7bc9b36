import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpretChatPayload } from '../../../../../src-main/core/loadgen/client/chat-stream';
import { EmbeddingsBodyScanner } from '../../../../../src-main/core/loadgen/client/embeddings-body';
import { RequestTiming } from '../../../../../src-main/core/loadgen/client/request-timing';
import { SseDataReader } from '../../../../../src-main/core/loadgen/client/sse-reader';
import { interpretCompletionPayload, interpretNativePayload, interpretWholeBody } from '../../../../../src-main/core/loadgen/client/text-stream';
import { WorkerMetrics } from '../../../../../src-main/core/loadgen/worker/worker-metrics';
import { goodputLimits, parseThresholds } from '../../../../../src-shared/metrics/thresholds';

type Interpret = (payload: string, timing: RequestTiming) => void;

/**
 * One request as the consumer sees it: scheduled at 0, sent at `sentMs`, each part of the body
 * read at its instant; the response ends at `endMs`. Every event counts for TTFC as it would
 * in RequestConsumer.onEventData.
 */
function run(options: { parts: ReadonlyArray<readonly [number, string]>; endMs: number; sentMs?: number; interpret?: Interpret }): RequestTiming {
  const timing = new RequestTiming();
  timing.reset(0);
  timing.sentMs = options.sentMs ?? 0;
  const interpret = options.interpret ?? interpretChatPayload;
  const reader = new SseDataReader();
  const sink = { onEventData: (payload: string) => (timing.onEvent(timing.chunkAtMs), interpret(payload, timing)) };
  for (const [atMs, text] of options.parts) {
    timing.chunkAtMs = atMs;
    reader.push(text, sink);
  }
  reader.end(sink);
  timing.endMs = options.endMs;
  return timing;
}

const event = (data: string): string => `data: ${data}\n\n`;
const role = event('{"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"object":"chat.completion.chunk"}');
const content = (text: string): string => event(`{"choices":[{"finish_reason":null,"index":0,"delta":{"content":${JSON.stringify(text)}}}],"object":"chat.completion.chunk"}`);
const finish = event('{"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"object":"chat.completion.chunk"}');
const usageOnly = (completion: number): string => event(`{"choices":[],"object":"chat.completion.chunk","usage":{"completion_tokens":${completion},"prompt_tokens":12,"total_tokens":${completion + 12}},"timings":{"prompt_n":12,"prompt_ms":30,"predicted_n":${completion}}}`);
const done = event('[DONE]');
const gaps = (timing: RequestTiming): number[] => Array.from(timing.gapsMs.subarray(0, timing.gapCount));
const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('per-request formulas, hand-computed', () => {
  it('a role-only first chunk gives TTFC but not TTFT', () => {
    // role at 10; tokens at 50, 70, 90; finish+usage at 95; end 96.
    const timing = run({ parts: [[10, role], [50, content('a')], [70, content('b')], [90, content('c')], [95, finish + usageOnly(3) + done]], endMs: 96 });
    expect(timing.ttfcMs).toBe(10);
    expect(timing.ttftMs).toBe(50);
    expect(gaps(timing)).toEqual([20, 20]);
    expect(timing.e2eMs).toBe(96);
    // TPOT = (E2E − TTFT) / (tokens − 1) = (96 − 50) / 2 = 23
    expect(timing.tpotMs).toBe(23);
  });

  it('a usage-only last chunk sets the token count without adding a content chunk or a gap', () => {
    const timing = run({ parts: [[40, content('x')], [60, content('y')], [61, usageOnly(2)], [62, done]], endMs: 62 });
    expect(timing.contentChunks).toBe(2);
    expect(timing.outputTokens).toBe(2);
    expect(timing.tokenSource).toBe('usage');
    expect(gaps(timing)).toEqual([20]);
    // (62 − 40) / (2 − 1) = 22
    expect(timing.tpotMs).toBe(22);
  });

  it('multi-token chunks: one ITL gap per chunk, TPOT from the usage count', () => {
    // Two chunks of three tokens each at 100 and 160; usage says 6 tokens; end at 170.
    const timing = run({ parts: [[100, content('one two three')], [160, content('four five six')], [170, finish + usageOnly(6) + done]], endMs: 170 });
    expect(timing.contentChunks).toBe(2);
    expect(gaps(timing)).toEqual([60]);
    // (170 − 100) / (6 − 1) = 14
    expect(timing.tpotMs).toBe(14);
  });

  it('without usage the count falls back to content chunks, and says so', () => {
    const timing = run({ parts: [[100, content('one two three')], [160, content('four five six')], [170, finish + done]], endMs: 170 });
    expect(timing.outputTokens).toBe(2);
    expect(timing.tokenSource).toBe('chunks');
    expect(timing.tpotMs).toBe(70);
  });

  it('a one-token answer has TTFT and E2E but no ITL and no TPOT', () => {
    const timing = run({ parts: [[5, role], [80, content('ok')], [81, finish + usageOnly(1) + done]], endMs: 82 });
    expect(timing.ttftMs).toBe(80);
    expect(timing.gapCount).toBe(0);
    expect(timing.tpotMs).toBeNull();
  });

  it('times from the scheduled instant: a late send adds to TTFT and E2E and shows as send lag', () => {
    const timing = run({ sentMs: 30, parts: [[80, content('a')], [100, content('b')], [101, usageOnly(2) + done]], endMs: 101 });
    expect(timing.sendLagMs).toBe(30);
    expect(timing.ttftMs).toBe(80);
    expect(timing.e2eMs).toBe(101);
    // The server's queue estimate: (first content − sent) − prompt_ms = (80 − 30) − 30 = 20.
    expect(timing.queueMs).toBe(20);
  });

  it('prefers a server\'s x-queue-time header for the queue time', () => {
    const timing = run({ parts: [[80, content('a')], [81, usageOnly(1) + done]], endMs: 81 });
    timing.queueHeaderMs = 12.5;
    expect(timing.queueMs).toBe(12.5);
  });
});

describe('per-request goodput', () => {
  const limits = goodputLimits(parseThresholds('ttft_p95<60,tpot_p95<30').thresholds);
  const metrics = new WorkerMetrics({ runStartMs: 0, workerIndex: 0, lastSecond: 9, goodput: limits });

  it('counts a request as good only when it meets every limit; a one-token answer has no TPOT to miss', () => {
    metrics.recordRequest(run({ parts: [[50, content('a')], [70, content('b')], [71, usageOnly(2) + done]], endMs: 71 }), { vu: 0, seq: 0 });
    metrics.recordRequest(run({ parts: [[61, content('a')], [62, usageOnly(1) + done]], endMs: 62 }), { vu: 0, seq: 1 });
    metrics.recordRequest(run({ parts: [[10, content('a')], [50, content('b')], [51, usageOnly(2) + done]], endMs: 51 }), { vu: 0, seq: 2 });
    metrics.recordRequest(run({ parts: [[10, content('a')], [11, usageOnly(1) + done]], endMs: 11 }), { vu: 0, seq: 3 });
    const { seconds, records } = metrics.takeDeltas();
    expect(records.map((record) => record.isGood)).toEqual([true, false, false, true]);
    expect(seconds.reduce((sum, delta) => sum + delta.good, 0)).toBe(2);
  });
});

describe('the other APIs', () => {
  it('reads a captured /v1/completions stream: text chunks, usage and timings on the finish chunk', () => {
    const timing = run({ parts: [[1, fixture('sse-v1-completions-stream.txt')]], endMs: 2, interpret: interpretCompletionPayload });
    expect(timing.contentChunks).toBe(12);
    expect(timing.outputTokens).toBe(12);
    expect(timing.tokenSource).toBe('usage');
    expect(timing.finishReason).toBe('length');
    expect(timing.timingsPromptMs).toBeCloseTo(10.837);
  });

  it('reads a captured native /completion stream: content chunks and the stop chunk\'s counts', () => {
    const timing = run({ parts: [[1, fixture('sse-native-completion-stream.txt')]], endMs: 2, interpret: interpretNativePayload });
    expect(timing.contentChunks).toBe(12);
    expect(timing.outputTokens).toBe(12);
    expect(timing.tokenSource).toBe('timings');
    expect(timing.promptTokens).toBe(5);
    expect(timing.finishReason).toBe('limit');
    expect(timing.sawDone).toBe(true);
  });

  it('times a non-streamed answer\'s only token at the first byte of its body', () => {
    const timing = new RequestTiming();
    timing.reset(0);
    timing.onEvent(120);
    timing.endMs = 125;
    interpretWholeBody(fixture('chat-nonstream.json'), timing, 'chat');
    expect(timing.ttftMs).toBe(120);
    expect(timing.outputTokens).toBe(24);
    // (125 − 120) / 23
    expect(timing.tpotMs).toBeCloseTo(5 / 23, 10);
  });

  it('counts embeddings across reads that split a key, keeping only the tail for usage', () => {
    const body = `{"object":"list","data":[${Array.from({ length: 3 }, (_, index) => `{"object":"embedding","index":${index},"embedding":[0.1,0.2]}`).join(',')}],"usage":{"prompt_tokens":9,"total_tokens":9}}`;
    const scanner = new EmbeddingsBodyScanner();
    for (let at = 0; at < body.length; at += 7) scanner.push(body.slice(at, at + 7));
    const timing = new RequestTiming();
    timing.reset(0);
    scanner.finish(timing, 3);
    expect(timing.isSuccess).toBe(true);
    expect(timing.promptTokens).toBe(9);
    const short = new RequestTiming();
    short.reset(0);
    scanner.finish(short, 4);
    expect(short.errorClass).toBe('other');
  });
});
