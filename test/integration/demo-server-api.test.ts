import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServerHandle, type Engine } from '../../src-main/demo/index';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field

function capturedBody(name: string): string {
  const text = readFileSync(new URL(`../fixtures/llama-server/${name}`, import.meta.url), 'utf8');
  const start = text.indexOf('\r\n\r\n');
  return (start >= 0 ? text.slice(start + 4) : text).trim();
}

async function post(server: DemoServerHandle, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** The `data:` payloads of an SSE body. */
function sseEvents(text: string): string[] {
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
}

const chat = (content: string, extra: Json = {}): Json => ({ messages: [{ role: 'user', content }], ...extra });
const timingKeys = Object.keys((JSON.parse(readFileSync(new URL('../fixtures/llama-server/v0.5.0/chat-completion.json', import.meta.url), 'utf8')) as Json).timings);

describe('demo server over HTTP', () => {
  let server: DemoServerHandle;

  beforeAll(async () => {
    server = await startDemoServer({ parallel: 2, ctxSize: 1024, speed: 20, embeddings: true });
  });

  afterAll(async () => {
    await server.close();
  });

  it('streams a chat as llama-server does: role chunk, tokens, finish, usage with timings, [DONE]', async () => {
    const response = await post(server, '/v1/chat/completions', chat('Hello', { stream: true, stream_options: { include_usage: true }, max_tokens: 20, ignore_eos: true }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const events = sseEvents(await response.text());
    expect(events[events.length - 1]).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as Json);
    expect(chunks[0]?.choices[0].delta).toEqual({ role: 'assistant', content: null });
    const content = chunks.slice(1, -2);
    expect(content.every((chunk) => typeof chunk.choices[0].delta.content === 'string' && chunk.choices[0].finish_reason === null)).toBe(true);
    const [finish, usage] = chunks.slice(-2);
    expect(finish?.choices[0]).toEqual({ finish_reason: 'length', index: 0, delta: {} });
    expect(finish?.timings).toBeUndefined();
    expect(usage?.choices).toEqual([]);
    expect(usage?.usage.completion_tokens).toBe(20);
    expect(content).toHaveLength(20);
    expect(Object.keys(usage?.timings ?? {})).toEqual(timingKeys);
    expect(usage?.timings.predicted_n).toBe(20);
    expect(usage?.timings.prompt_n + usage?.timings.cache_n).toBe(usage?.usage.prompt_tokens);
  });

  it('puts timings on the finish chunk when include_usage is off', async () => {
    const response = await post(server, '/v1/chat/completions', chat('Hi again', { stream: true, max_tokens: 5, ignore_eos: true }));
    const events = sseEvents(await response.text());
    const finish = JSON.parse(events[events.length - 2] ?? '{}') as Json;
    expect(finish.choices[0].finish_reason).toBe('length');
    expect(finish.timings.predicted_n).toBe(5);
    expect(finish.usage).toBeUndefined();
  });

  it('answers a non-streamed chat with usage and timings', async () => {
    const body = (await (await post(server, '/v1/chat/completions', chat('Tell me', { max_tokens: 12, ignore_eos: true }))).json()) as Json;
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0].message.role).toBe('assistant');
    expect(body.choices[0].message.content.length).toBeGreaterThan(0);
    expect(body.usage.completion_tokens).toBe(12);
    expect(body.system_fingerprint).toBe('b0-demo');
  });

  it('streams /v1/completions with usage on the final chunk and native /completion without [DONE]', async () => {
    const text = sseEvents(await (await post(server, '/v1/completions', { prompt: 'Once', stream: true, max_tokens: 4, ignore_eos: true })).text());
    const final = JSON.parse(text[text.length - 2] ?? '{}') as Json;
    expect(final).toMatchObject({ object: 'text_completion', usage: { completion_tokens: 4 } });
    expect(final.timings.predicted_n).toBe(4);
    const native = sseEvents(await (await post(server, '/completion', { prompt: 'Once', stream: true, n_predict: 3, ignore_eos: true })).text());
    expect(native).not.toContain('[DONE]');
    const chunks = native.map((event) => JSON.parse(event) as Json);
    expect(chunks.slice(0, -1).map((chunk) => chunk.id_slot)).toEqual([-1, -1, -1]);
    expect(chunks[chunks.length - 1]).toMatchObject({ stop: true, stop_type: 'limit', tokens_predicted: 3 });
  });

  it('refuses a prompt longer than the slot context with llama.cpp\'s 400, also when streaming', async () => {
    const long = 'The little dog ran to the park and played with the ball. '.repeat(60);
    const count = ((await (await post(server, '/v1/chat/completions/input_tokens', chat(long))).json()) as Json).input_tokens as number;
    expect(count).toBeGreaterThan(512);
    for (const stream of [false, true]) {
      const response = await post(server, '/v1/chat/completions', chat(long, { stream }));
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await response.json()).toEqual({
        error: { code: 400, message: `request (${count} tokens) exceeds the available context size (512 tokens), try increasing it`, type: 'exceed_context_size_error', n_prompt_tokens: count, n_ctx: 512 },
      });
    }
  });

  it('stops generation at the slot context with "length" when prompt + max_tokens do not fit', async () => {
    const body = (await (await post(server, '/v1/chat/completions', chat('Lily wanted to', { max_tokens: 2000, ignore_eos: true }))).json()) as Json;
    expect(body.choices[0].finish_reason).toBe('length');
    expect(body.usage.total_tokens).toBe(512);
  });

  it('answers unknown paths, malformed JSON and missing fields with llama.cpp\'s bodies', async () => {
    const missing = await fetch(`${server.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe(capturedBody('v0.5.0/llamacpp-error-404.txt'));
    const bad = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{"messages": [' });
    expect(bad.status).toBe(500);
    expect(((await bad.json()) as Json).error.type).toBe('server_error');
    const invalid = await post(server, '/v1/chat/completions', { max_tokens: 3 });
    expect(invalid.status).toBe(400);
  });

  it('shows slots, props with the demo marker, and models', async () => {
    const slots = (await (await fetch(`${server.url}/slots`)).json()) as Json[];
    expect(slots).toHaveLength(2);
    expect(slots[0]).toMatchObject({ n_ctx: 512, speculative: false, is_processing: false });
    const props = (await (await fetch(`${server.url}/props`)).json()) as Json;
    expect(props).toMatchObject({ demo: true, engine: 'sim', build_info: 'b0-demo', total_slots: 2, default_generation_settings: { n_ctx: 512 } });
    const captured = Object.keys(JSON.parse(capturedBody('v0.5.0/props.json')) as Json);
    expect(Object.keys(props).slice(0, captured.length)).toEqual(captured);
    const models = (await (await fetch(`${server.url}/v1/models`)).json()) as Json;
    expect(models.data[0]).toMatchObject({ owned_by: 'llamacpp', meta: { n_ctx: 512 } });
  });

  it('serves embeddings when started with --embeddings', async () => {
    const body = (await (await post(server, '/v1/embeddings', { input: ['alpha', 'beta gamma'] })).json()) as Json;
    expect(body.data).toHaveLength(2);
    expect(body.data[0].embedding).toHaveLength(2048);
    expect(body.usage.prompt_tokens).toBeGreaterThan(2);
  });
});

/** A scripted engine standing in for a real one: it answers " alpha beta gamma" and stops. */
function scriptedEngine(): Engine {
  const words = [' alpha', ' beta', ' gamma'];
  const position = new Map<number, number>();
  return {
    info: {
      kind: 'scripted',
      buildInfo: 'b0-scripted',
      model: { path: 'scripted.gguf', nVocab: 8, nCtxTrain: 4096, nEmbd: 4, nParams: 1, sizeBytes: 1, ftype: 'F32', vocabType: 1, bosToken: '<s>', eosToken: '</s>', chatTemplate: '' },
    },
    tokenize: (text, addSpecial) => [...(addSpecial ? [1] : []), ...text.split(/\s+/).filter(Boolean).map(() => 3)],
    detokenize: () => '',
    applyChatTemplate: (messages) => messages.map((message) => message.content).join('\n'),
    beginSequence: (slotId) => void position.set(slotId, 0),
    decode: async (batch) => {
      await new Promise((resolve) => setImmediate(resolve));
      const sampled = batch.items.filter((item) => item.sample).map((item) => {
        const index = position.get(item.slotId) ?? 0;
        position.set(item.slotId, index + 1);
        const piece = words[index];
        return { slotId: item.slotId, token: piece === undefined ? 2 : 4 + index, piece: piece ?? '', isEog: piece === undefined };
      });
      return { sampled, decodeCalls: 1 };
    },
    embed: () => [1, 0, 0, 0],
    close: async () => undefined,
  };
}

describe('demo server switches', () => {
  it('serves the tokens of a plugged-in engine through the same slots and HTTP surface', async () => {
    const server = await startDemoServer({}, { createEngine: scriptedEngine });
    try {
      const body = (await (await post(server, '/v1/chat/completions', chat('hi there'))).json()) as Json;
      expect(body.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: ' alpha beta gamma' } });
      expect(body.usage).toMatchObject({ completion_tokens: 4, prompt_tokens: 3 });
      expect(((await (await fetch(`${server.url}/props`)).json()) as Json).engine).toBe('scripted');
    } finally {
      await server.close();
    }
  });

  it('answers 503 "Loading model" on every endpoint while loading, then 200', async () => {
    const server = await startDemoServer({ loadingMs: 400 });
    try {
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(503);
      expect(await health.text()).toBe(capturedBody('v0.5.0/health-503-loading.txt'));
      expect((await fetch(`${server.url}/v1/models`)).status).toBe(503);
      await server.ready;
      const ready = await fetch(`${server.url}/health`);
      expect(ready.status).toBe(200);
      expect(await ready.text()).toBe('{"status":"ok"}');
    } finally {
      await server.close();
    }
  });

  it('keeps a stream alive with ":" comment lines while a long prompt is processed', async () => {
    const server = await startDemoServer({ engine: 'sim', ssePingIntervalSeconds: 0.05, batchSize: 32, ubatchSize: 32 });
    try {
      const prompt = 'Measure the time to first token under load. '.repeat(20);
      const response = await post(server, '/v1/chat/completions', chat(prompt, { stream: true, max_tokens: 1 }));
      const text = await response.text();
      const firstData = text.indexOf('data: ');
      expect(text.slice(0, firstData)).toMatch(/^(:\n\n)+$/);
      expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('closes promptly even while a long batch is being modeled, ending open streams with an error event', async () => {
    const server = await startDemoServer({ parallel: 1 });
    const response = await post(server, '/v1/chat/completions', chat('Write a long story.', { stream: true, max_tokens: 100_000, ignore_eos: true }));
    const body = response.text();
    await server.close();
    const text = await body;
    expect(text).toMatch(/data: \{"error":\{"code":503,"message":"server is shutting down","type":"unavailable_error"\}\}\n\n$/);
  });

  it('checks the API key everywhere but /health, and 501s disabled endpoints', async () => {
    const server = await startDemoServer({ apiKeys: ['sk-test-123'], metrics: false, slotsEndpoint: false });
    try {
      const denied = await fetch(`${server.url}/v1/models`);
      expect(denied.status).toBe(401);
      expect(await denied.text()).toBe(capturedBody('v0.5.0/llamacpp-error-401.txt'));
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      const auth = { Authorization: 'Bearer sk-test-123' };
      expect((await fetch(`${server.url}/v1/models`, { headers: auth })).status).toBe(200);
      expect(await (await fetch(`${server.url}/metrics`, { headers: auth })).text()).toBe(capturedBody('v0.5.0/llamacpp-error-501-metrics-disabled.txt'));
      expect(await (await fetch(`${server.url}/slots`, { headers: { 'X-Api-Key': 'sk-test-123' } })).text()).toBe(
        capturedBody('v0.5.0/llamacpp-error-501-slots-disabled.txt'),
      );
      const embeddings = await post(server, '/v1/embeddings', { input: 'x' }, auth);
      expect(await embeddings.text()).toBe(capturedBody('v0.5.0-captured/18-v1-embeddings-disabled.body'));
    } finally {
      await server.close();
    }
  });
});
