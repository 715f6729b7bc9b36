import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoServerCommand } from '../../src-main/cli/commands/demo-server';
import { startLoadgen, type LoadgenResult } from '../../src-main/core/loadgen/pool';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import { startDemoServer, type DemoServerHandle } from '../../src-main/demo/index';
import { RunPlan } from '../../src-shared/schemas/run-plan';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field

const capturedDir = new URL('../fixtures/llama-server/v0.5.0-captured/', import.meta.url);
const capturedRequest = JSON.parse(readFileSync(new URL('10-chat-stream.request.json', capturedDir), 'utf8')) as Json;

/** The `data:` JSON payloads of an SSE body. */
function sseChunks(text: string): Json[] {
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: {'))
    .map((event) => JSON.parse(event.slice('data: '.length)) as Json);
}

const contentOf = (chunks: Json[]): string[] =>
  chunks.map((chunk) => chunk.choices?.[0]?.delta?.content).filter((content): content is string => typeof content === 'string');

async function streamChat(url: string, body: Json): Promise<{ pieces: string[]; usage: Json; timings: Json }> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...body, stream: true, stream_options: { include_usage: true } }),
  });
  expect(response.status).toBe(200);
  const chunks = sseChunks(await response.text());
  const last = chunks[chunks.length - 1] ?? {};
  return { pieces: contentOf(chunks), usage: last.usage ?? {}, timings: last.timings ?? {} };
}

function metricValue(text: string, name: string): number {
  const match = new RegExp(`^llamacpp:${name} (\\S+)$`, 'm').exec(text);
  return Number(match?.[1]);
}

/** Words of the children's stories the model was trained on; the sim's generator knows none of them. */
const storyWords = ['Once', 'upon', 'little', 'girl', 'boy', 'named', 'Lily', 'Tim', 'Tom', 'Ben', 'Sue', 'mom', 'play', 'happy', 'sad', 'said', 'saw', 'friend', 'park', 'toy', 'tree', 'dog', 'cat', 'ball', 'fun', 'day', 'big', 'She', 'He'];

describe('llmwb demo-server --engine llama on the bundled model', () => {
  it('streams the very answer a real llama-server v0.5.0 gave, with usage counting the streamed tokens', async () => {
    const out: string[] = [];
    let listening: (line: string) => void = () => undefined;
    const started = new Promise<string>((resolve) => (listening = resolve));
    const stop = new AbortController();
    const io = {
      out: (line: string) => {
        out.push(line);
        if (line.includes('listening on')) listening(line);
      },
      err: (line: string) => out.push(line),
    };
    const exit = demoServerCommand(['--engine', 'llama', '--port', '0', '-np', '4', '-c', '1024'], io, { signal: stop.signal, env: {} });
    const url = /listening on (http:\S+)/.exec(await started)?.[1] ?? '';
    try {
      expect(out.join('\n')).toMatch(/engine +llama \(model bundled stories260K\.gguf\)/);
      expect(out.join('\n')).toMatch(/threads +\d+: (default for the llama engine|-t)/);
      // The captured request: temperature 0, 24 tokens, "Once upon a time" as the user turn.
      const { pieces, usage, timings } = await streamChat(url, capturedRequest);
      const captured = contentOf(sseChunks(readFileSync(new URL('10-chat-stream.body', capturedDir), 'utf8')));
      expect(pieces.join('')).toBe(captured.join(''));
      expect(usage).toMatchObject({ completion_tokens: pieces.length, prompt_tokens: 46, total_tokens: 46 + pieces.length });
      expect(pieces).toHaveLength(24);
      expect(timings).toMatchObject({ predicted_n: 24, prompt_n: 46 - timings.cache_n });
      expect(timings.predicted_ms).toBeGreaterThan(0);
      // The captured queue request: a 45-token prompt with max_tokens 400 in a 256-token slot ends at the slot's end.
      const queued = JSON.parse(readFileSync(new URL('40-queue.request.json', capturedDir), 'utf8')) as Json;
      const full = await streamChat(url, queued);
      const capturedUsage = sseChunks(readFileSync(new URL('40-queue-1.body', capturedDir), 'utf8')).at(-1)?.usage as Json;
      expect(full.usage).toMatchObject({ completion_tokens: capturedUsage.completion_tokens, prompt_tokens: capturedUsage.prompt_tokens, total_tokens: 256 });
      expect(full.pieces).toHaveLength(capturedUsage.completion_tokens);
      const props = (await (await fetch(`${url}/props`)).json()) as Json;
      expect(props).toMatchObject({ engine: 'llama', model_ftype: '(guessed) all F32', demo_settings: { engine: 'llama', engine_fallback_reason: null } });
      expect(props.demo_settings.threads_reason).toEqual(expect.any(String));
    } finally {
      stop.abort();
      expect(await exit).toBe(0);
    }
  });
});

describe('the llama engine under a short load', () => {
  let server: DemoServerHandle;

  beforeAll(async () => {
    server = await startDemoServer({ engine: 'llama', parallel: 4, ctxSize: 2048 });
    await server.ready;
  });
  afterAll(() => server?.close());

  it('writes children\'s-story text when it samples, counting every streamed token in usage', async () => {
    const { pieces, usage } = await streamChat(server.url, { messages: [{ role: 'user', content: 'Tell me a story.' }], max_tokens: 96, seed: 7, ignore_eos: true });
    const text = pieces.join('');
    const found = storyWords.filter((word) => new RegExp(`\\b${word}\\b`).test(text));
    expect(found.length, `story words in: ${text}`).toBeGreaterThanOrEqual(3);
    expect(usage.completion_tokens).toBe(pieces.length);
    expect(pieces).toHaveLength(96);
  });

  it('counts in /metrics and /slots exactly what the load generator measured', async () => {
    const before = await (await fetch(`${server.url}/metrics`)).text();
    const plan = RunPlan.parse({ url: server.url, load: { kind: 'closed', virtualUsers: 8 }, requestCount: 24, durationS: 60, maxTokens: 32, ignoreEos: true });
    const result: LoadgenResult = await startLoadgen({
      runId: 'llama-metrics',
      plan,
      workerEntry: defaultWorkerEntry(),
      sink: { records: () => undefined, series: () => undefined, progress: () => undefined },
    }).done;
    expect(result.summary).toMatchObject({ completed: 24, failed: 0, outputTokens: 24 * 32 });
    const after = await (await fetch(`${server.url}/metrics`)).text();
    const delta = (name: string) => metricValue(after, name) - metricValue(before, name);
    expect(delta('tokens_predicted_total')).toBe(result.summary.outputTokens);
    expect(delta('prompt_tokens_total') + delta('prompt_tokens_cached_total')).toBe(result.summary.inputTokens);
    expect(delta('n_decode_total')).toBeGreaterThan(0);
    // 8 users on 4 slots: most steps decode several slots in one batch.
    expect(metricValue(after, 'n_busy_slots_per_decode')).toBeGreaterThan(1.5);
    expect(metricValue(after, 'requests_processing')).toBe(0);
    const slots = (await (await fetch(`${server.url}/slots`)).json()) as Json[];
    expect(slots).toHaveLength(4);
    for (const slot of slots.filter((candidate) => candidate.id_task !== undefined)) {
      expect(slot).toMatchObject({ is_processing: false, next_token: [{ n_decoded: 32 }] });
    }
  });
});
