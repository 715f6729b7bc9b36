import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasNonEmptyContent, interpretChatPayload } from '../../../../../src-main/core/loadgen/client/chat-stream';
import { RequestTiming } from '../../../../../src-main/core/loadgen/client/request-timing';
import { SseDataReader } from '../../../../../src-main/core/loadgen/client/sse-reader';

/** Feeds SSE text into a fresh timing; each part arrives at the given instant (ms after send at 0). */
function feed(parts: ReadonlyArray<readonly [atMs: number, text: string]>): RequestTiming {
  const timing = new RequestTiming();
  timing.reset(0);
  const reader = new SseDataReader();
  const sink = { onEventData: (payload: string) => interpretChatPayload(payload, timing) };
  for (const [atMs, text] of parts) {
    timing.chunkAtMs = atMs;
    reader.push(text, sink);
  }
  reader.end(sink);
  return timing;
}

const role = 'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"object":"chat.completion.chunk"}\n\n';
const token = (text: string): string => `data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":${JSON.stringify(text)}}}],"object":"chat.completion.chunk"}\n\n`;
const finish = 'data: {"choices":[{"finish_reason":"length","index":0,"delta":{}}],"object":"chat.completion.chunk"}\n\n';
const usage = (completion: number): string => `data: {"choices":[],"object":"chat.completion.chunk","usage":{"completion_tokens":${completion},"prompt_tokens":9,"total_tokens":${completion + 9}}}\n\n`;
const done = 'data: [DONE]\n\n';

function fixtureBody(name: string): string {
  const raw = readFileSync(join(__dirname, 'fixtures', name), 'utf8');
  return raw.slice(raw.indexOf('\r\n\r\n') + 4);
}

describe('chat stream timing', () => {
  it('stamps TTFT at the first chunk with content, not at the role-only first chunk', () => {
    const timing = feed([[3, role], [200, token('Hi')], [220, token(' there')], [221, finish + usage(2) + done]]);
    expect(timing.ttftMs).toBe(200);
    expect(timing.contentChunks).toBe(2);
    expect(Array.from(timing.gapsMs.subarray(0, timing.gapCount))).toEqual([20]);
  });

  it('takes output tokens from a usage-only last chunk and does not count it as content', () => {
    const timing = feed([[10, role + token('a')], [30, token('b') + finish], [31, usage(2) + done]]);
    expect(timing.outputTokens).toBe(2);
    expect(timing.promptTokens).toBe(9);
    expect(timing.tokenSource).toBe('usage');
    expect(timing.contentChunks).toBe(2);
    expect(timing.lastContentMs).toBe(30);
    expect(timing.sawDone).toBe(true);
    expect(timing.finishReason).toBe('length');
  });

  it('counts multi-token chunks by usage while ITL gaps stay per chunk', () => {
    const timing = feed([[100, role + token('one two three')], [160, token(' four five six')], [161, finish + usage(6) + done]]);
    expect(timing.outputTokens).toBe(6);
    expect(timing.gapCount).toBe(1);
    expect(timing.gapsMs[0]).toBe(60);
  });

  it('handles a one-token answer: a TTFT and no gap', () => {
    const timing = feed([[50, role + token('OK') + finish + usage(1) + done]]);
    expect(timing.ttftMs).toBe(50);
    expect(timing.gapCount).toBe(0);
    expect(timing.outputTokens).toBe(1);
  });

  it('records a gap of 0 for chunks that arrive in one read', () => {
    const timing = feed([[40, token('a') + token('b') + token('c')]]);
    expect(Array.from(timing.gapsMs.subarray(0, timing.gapCount))).toEqual([0, 0]);
  });

  it('falls back to llama.cpp timings, then to counting content chunks', () => {
    expect(feed([[5, fixtureBody('sse-chat-stream-no-usage.txt')]]).tokenSource).toBe('timings');
    const counted = feed([[5, role + token('a') + token('b') + token('c') + finish + done]]);
    expect(counted.tokenSource).toBe('chunks');
    expect(counted.outputTokens).toBe(3);
  });

  it('reads the live llama-server capture: 6 content chunks, usage 6 and 37 prompt tokens', () => {
    const timing = feed([[12, fixtureBody('sse-chat-stream.txt')]]);
    expect(timing).toMatchObject({ contentChunks: 6, outputTokens: 6, tokenSource: 'usage', finishReason: 'length', sawDone: true, ttftMs: 12 });
    expect(timing.promptTokens).toBe(37);
  });

  it('parses a content chunk that also carries the finish reason (vLLM style)', () => {
    const last = 'data: {"choices":[{"index":0,"delta":{"content":"end"},"finish_reason":"stop"}]}\n\n';
    const timing = feed([[1, token('a')], [2, last]]);
    expect(timing.finishReason).toBe('stop');
    expect(timing.contentChunks).toBe(2);
  });

  it('classes an in-stream context error as context_exceeded', () => {
    const error = 'data: {"error":{"code":500,"message":"Context size has been exceeded.","type":"server_error"}}\n\n';
    const timing = feed([[1, role + token('a')], [2, error]]);
    expect(timing.errorClass).toBe('context_exceeded');
  });
});

describe('hasNonEmptyContent', () => {
  it('agrees with a full JSON parse on generated chat chunks, compact or Python-spaced', () => {
    const delta = fc.record(
      { role: fc.constant('assistant'), content: fc.option(fc.string({ maxLength: 6 })), reasoning_content: fc.option(fc.string({ maxLength: 6 })) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(delta, fc.boolean(), (value, isSpaced) => {
        const chunk = { choices: [{ index: 0, delta: value, finish_reason: null }], object: 'chat.completion.chunk' };
        const text = isSpaced ? JSON.stringify(chunk).replaceAll('":', '": ').replaceAll(',"', ', "') : JSON.stringify(chunk);
        const expected = (typeof value.content === 'string' && value.content !== '') || (typeof value.reasoning_content === 'string' && value.reasoning_content !== '');
        // Spacing by string replacement can also touch string values; the parse decides what is true.
        const parsed = JSON.parse(text) as typeof chunk;
        const parsedDelta = parsed.choices[0]!.delta;
        const truth = (typeof parsedDelta.content === 'string' && parsedDelta.content !== '') || (typeof parsedDelta.reasoning_content === 'string' && parsedDelta.reasoning_content !== '');
        expect(truth).toBe(expected);
        expect(hasNonEmptyContent(text)).toBe(truth);
      }),
    );
  });

  it('is not fooled by a content value that itself ends with the word content', () => {
    expect(hasNonEmptyContent('{"delta":{"content":"","note":"content"}}')).toBe(false);
    expect(hasNonEmptyContent('{"delta":{"role":"assistant","content":null}}')).toBe(false);
    expect(hasNonEmptyContent('{"delta":{"content":"\\"quoted\\""}}')).toBe(true);
  });
});
