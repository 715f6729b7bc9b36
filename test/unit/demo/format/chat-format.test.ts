import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chatCompletionBody,
  chatContentChunk,
  chatFinishChunk,
  chatRoleChunk,
  chatUsageChunk,
  createChatContentEncoder,
  type ResponseMeta,
} from '../../../../src-main/demo/format/chat-format';
import { buildTimings, buildUsage } from '../../../../src-main/demo/format/timings';
import type { TaskResult } from '../../../../src-main/demo/scheduler/task';

function fixture(name: string): string {
  return readFileSync(new URL(`../../../fixtures/llama-server/v0.5.0/${name}`, import.meta.url), 'utf8');
}

/** The `data:` payloads of a captured SSE response (headers skipped). */
function sseEvents(capture: string): string[] {
  const body = capture.slice(capture.indexOf('\r\n\r\n') + 4);
  return body
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
}

function resultWith(overrides: Partial<TaskResult>): TaskResult {
  return {
    slotId: 0,
    nPromptTokens: 0,
    cacheN: 0,
    promptN: 0,
    promptMs: 0,
    predictedN: 0,
    predictedMs: 0,
    stopType: 'limit',
    truncated: false,
    hasNewLine: false,
    tokensCached: 0,
    ...overrides,
  };
}

describe('chat stream chunks', () => {
  const events = sseEvents(fixture('sse-chat-stream.txt'));
  const first = JSON.parse(events[0] ?? '{}') as { id: string; created: number; model: string; system_fingerprint: string };
  const meta: ResponseMeta = { id: first.id, created: first.created, model: first.model, fingerprint: first.system_fingerprint };

  it('rebuilds the captured role, content, finish and usage chunks byte for byte', () => {
    const contents = events.slice(1, -3).map((event) => (JSON.parse(event) as { choices: [{ delta: { content: string } }] }).choices[0].delta.content);
    const result = resultWith({ nPromptTokens: 37, cacheN: 36, promptN: 1, promptMs: 1.827, predictedN: 6, predictedMs: 7.897 });
    const rebuilt = [
      JSON.stringify(chatRoleChunk(meta)),
      ...contents.map((content) => JSON.stringify(chatContentChunk(meta, content))),
      JSON.stringify(chatFinishChunk(meta, 'length')),
      JSON.stringify(chatUsageChunk(meta, buildUsage(result), buildTimings(result))),
      '[DONE]',
    ];
    expect(rebuilt).toEqual(events);
  });

  it('puts timings on the finish chunk when no usage chunk follows', () => {
    const noUsage = sseEvents(fixture('sse-chat-stream-no-usage.txt'));
    const finish = JSON.parse(noUsage[noUsage.length - 2] ?? '{}') as { id: string; created: number };
    const result = resultWith({ cacheN: 3, promptN: 16, promptMs: 3.011, predictedN: 4, predictedMs: 4.553 });
    const localMeta = { ...meta, id: finish.id, created: finish.created };
    expect(JSON.stringify(chatFinishChunk(localMeta, 'length', buildTimings(result)))).toBe(noUsage[noUsage.length - 2]);
  });

  it('rebuilds the captured non-streamed body', () => {
    const captured = fixture('chat-completion.json').trim();
    const body = JSON.parse(captured) as { id: string; created: number; choices: [{ message: { content: string } }] };
    const result = resultWith({ nPromptTokens: 37, cacheN: 0, promptN: 37, promptMs: 5.234, predictedN: 8, predictedMs: 9.836 });
    const answer = { text: body.choices[0].message.content, reason: 'length' as const, usage: buildUsage(result), timings: buildTimings(result) };
    const rebuilt = chatCompletionBody({ ...meta, id: body.id, created: body.created }, answer);
    expect(JSON.stringify(rebuilt)).toBe(captured);
  });

  it('encodes content chunks exactly as the object builder does, for any text', () => {
    const encode = createChatContentEncoder(meta);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (content) => {
        expect(encode(content)).toBe(JSON.stringify(chatContentChunk(meta, content)));
      }),
    );
  });
});

describe('buildTimings', () => {
  it('divides generation time by predicted_n − 1, as v0.5.0 does', () => {
    const timings = buildTimings(resultWith({ promptN: 46, promptMs: 11.651, predictedN: 24, predictedMs: 7.401 }));
    expect(timings.prompt_per_second).toBe(3948.158956312763);
    expect(timings.predicted_per_token_ms).toBe(0.3217826086956522);
    expect(timings.predicted_per_second).toBe(3107.6881502499664);
  });

  it('reports zero rates for a one-token answer instead of dividing by zero', () => {
    const timings = buildTimings(resultWith({ promptN: 3, promptMs: 1, predictedN: 1, predictedMs: 0.001 }));
    expect(timings.predicted_per_token_ms).toBe(0);
    expect(timings.predicted_per_second).toBe(0);
  });
});
