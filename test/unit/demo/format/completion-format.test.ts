import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ResponseMeta } from '../../../../src-main/demo/format/chat-format';
import {
  createTextContentEncoder,
  nativeFinalBody,
  nativePartialChunk,
  textContentChunk,
  textFinalBody,
} from '../../../../src-main/demo/format/completion-format';
import { generationParams } from '../../../../src-main/demo/format/generation-params';
import { buildTimings, buildUsage } from '../../../../src-main/demo/format/timings';
import type { TaskResult } from '../../../../src-main/demo/scheduler/task';

function sseEvents(name: string): string[] {
  const capture = readFileSync(new URL(`../../../fixtures/llama-server/v0.5.0/${name}`, import.meta.url), 'utf8');
  return capture
    .slice(capture.indexOf('\r\n\r\n') + 4)
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
}

const result: TaskResult = {
  slotId: 1,
  nPromptTokens: 6,
  cacheN: 1,
  promptN: 5,
  promptMs: 13.881,
  predictedN: 4,
  predictedMs: 4.511,
  stopType: 'limit',
  truncated: false,
  hasNewLine: false,
  tokensCached: 9,
};

describe('/v1/completions stream chunks', () => {
  const events = sseEvents('sse-oai-completions-stream.txt');
  const first = JSON.parse(events[0] ?? '{}') as { id: string; created: number; model: string; system_fingerprint: string };
  const meta: ResponseMeta = { id: first.id, created: first.created, model: first.model, fingerprint: first.system_fingerprint };

  it('rebuilds the captured token chunks and the final chunk with usage and timings', () => {
    const texts = events.slice(0, -2).map((event) => (JSON.parse(event) as { choices: [{ text: string }] }).choices[0].text);
    const encode = createTextContentEncoder(meta);
    const rebuilt = [...texts.map((text) => encode(text)), JSON.stringify(textFinalBody(meta, { text: '', reason: 'length', usage: buildUsage(result), timings: buildTimings(result) })), '[DONE]'];
    expect(rebuilt).toEqual(events);
    expect(texts.map((text) => JSON.stringify(textContentChunk(meta, text)))).toEqual(events.slice(0, -2));
  });
});

describe('native /completion stream chunks', () => {
  const events = sseEvents('sse-completion-stream.txt');

  it('rebuilds the captured partial chunks, id_slot -1 until the end and no [DONE]', () => {
    const partials = events.slice(0, -1).map((event) => JSON.parse(event) as { content: string; tokens: [number]; tokens_predicted: number });
    const rebuilt = partials.map((chunk) =>
      JSON.stringify(nativePartialChunk({ content: chunk.content, token: chunk.tokens[0], tokensPredicted: chunk.tokens_predicted, tokensEvaluated: 6 })),
    );
    expect(rebuilt).toEqual(events.slice(0, -1));
    expect(events).not.toContain('[DONE]');
  });

  it('orders the final chunk and its generation_settings as llama.cpp does', () => {
    const captured = JSON.parse(events[events.length - 1] ?? '{}') as Record<string, unknown> & { generation_settings: Record<string, unknown> };
    const final = nativeFinalBody({
      content: '',
      slotId: 1,
      model: 'tiny-llama',
      tokensPredicted: 4,
      tokensEvaluated: 6,
      generationSettings: generationParams({ nPredict: 4, ignoreEos: true, stream: true, cachePrompt: true, seed: 3, temperature: 0.8 }, true),
      prompt: '<s> The capital of France is',
      hasNewLine: false,
      truncated: false,
      stopType: 'limit',
      tokensCached: 9,
      timings: buildTimings({ ...result, cacheN: 5, promptN: 1, promptMs: 11.702, predictedMs: 3.909 }),
    }) as Record<string, unknown> & { generation_settings: Record<string, unknown> };
    expect(Object.keys(final)).toEqual(Object.keys(captured));
    expect(Object.keys(final.generation_settings)).toEqual(Object.keys(captured.generation_settings));
    expect(final.timings).toEqual(captured.timings);
    expect(final.generation_settings.temperature).toBe(captured.generation_settings.temperature);
  });
});
