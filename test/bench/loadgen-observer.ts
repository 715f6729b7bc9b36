import { Agent, request } from 'undici';

/**
 * A one-stream observer for the bench, run as its own process beside the generator: it
 * streams one chat answer after another and times the gaps between content chunks on an
 * otherwise idle event loop. When it sees the same inter-token gaps as the generator, the
 * delay is on the server's side or the machine's, not in the generator.
 *   tsx test/bench/loadgen-observer.ts URL DURATION_S MAX_TOKENS
 * Prints one JSON line: { gaps, p50Ms, p90Ms, p99Ms }.
 */
async function main(): Promise<void> {
  const [url, durationText, maxTokensText] = process.argv.slice(2);
  if (!url || !durationText || !maxTokensText) throw new Error('usage: URL DURATION_S MAX_TOKENS');
  const endMs = performance.now() + Number(durationText) * 1000;
  const dispatcher = new Agent({ pipelining: 1, keepAliveTimeout: 60_000 });
  const body = JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }], stream: true, max_tokens: Number(maxTokensText), ignore_eos: true });
  const gaps: number[] = [];
  while (performance.now() < endMs) {
    const response = await request(url, { method: 'POST', body, dispatcher, headers: { 'content-type': 'application/json' } });
    let last = -1;
    let carry = '';
    for await (const part of response.body) {
      const atMs = performance.now();
      const events = (carry + (part as Buffer).toString('utf8')).split('\n\n');
      carry = events.pop() ?? '';
      for (const event of events) {
        if (!/"content":"[^"]/.test(event)) continue;
        if (last >= 0) gaps.push(atMs - last);
        last = atMs;
      }
    }
  }
  await dispatcher.close();
  gaps.sort((a, b) => a - b);
  const at = (fraction: number): number => gaps[Math.min(gaps.length - 1, Math.floor(fraction * gaps.length))] ?? Number.NaN;
  process.stdout.write(JSON.stringify({ gaps: gaps.length, p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99) }) + '\n');
}

await main();
