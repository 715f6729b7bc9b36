import { createParser } from 'eventsource-parser';
import { Agent, request } from 'undici';

/**
 * The minimal reference client of the load generator bench: one event loop, undici and an
 * SSE parser (eventsource-parser), each event's JSON parsed to find content; nothing is
 * recorded but totals. Run as a child process:
 *   tsx test/bench/loadgen-minimal-client.ts URL CONCURRENCY DURATION_S
 * Prints one JSON line: { streams, tokens, errors, elapsedS, cpuS } (cpuS: this process's CPU time over the run).
 */
async function main(): Promise<void> {
  const [url, concurrencyText, durationText] = process.argv.slice(2);
  if (!url || !concurrencyText || !durationText) throw new Error('usage: URL CONCURRENCY DURATION_S');
  const concurrency = Number(concurrencyText);
  const durationMs = Number(durationText) * 1000;
  const dispatcher = new Agent({ pipelining: 1, connections: null, keepAliveTimeout: 60_000 });
  const body = JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }], stream: true, max_tokens: 256 });
  const totals = { streams: 0, tokens: 0, errors: 0 };
  const startMs = performance.now();
  const cpuStart = process.cpuUsage();
  const endMs = startMs + durationMs;
  const loop = async (): Promise<void> => {
    while (performance.now() < endMs) {
      try {
        // Awaited first: `totals.tokens += await …` would read the total before the await and lose other loops' counts.
        const tokens = await oneStream(url, body, dispatcher);
        totals.tokens += tokens;
        totals.streams += 1;
      } catch {
        totals.errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsedS = (performance.now() - startMs) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  await dispatcher.close();
  process.stdout.write(JSON.stringify({ ...totals, elapsedS, cpuS: (cpu.user + cpu.system) / 1e6 }) + '\n');
}

async function oneStream(url: string, body: string, dispatcher: Agent): Promise<number> {
  const response = await request(url, { method: 'POST', body, dispatcher, headers: { 'content-type': 'application/json', accept: 'text/event-stream' } });
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`HTTP ${response.statusCode}`);
  }
  let tokens = 0;
  const parser = createParser({
    onEvent: (event) => {
      if (event.data === '[DONE]') return;
      const chunk = JSON.parse(event.data) as { choices?: Array<{ delta?: { content?: string | null } }> };
      if (chunk.choices?.[0]?.delta?.content) tokens += 1;
    },
  });
  const decoder = new TextDecoder();
  for await (const part of response.body) parser.feed(decoder.decode(part as Buffer, { stream: true }));
  return tokens;
}

await main();
