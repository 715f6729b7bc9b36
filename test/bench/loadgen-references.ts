import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chatPath, stopChild } from './loadgen-nginx';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** wrk on the same URL with the same POST body: an upper bound (it reads bytes, parses nothing). */
export async function runWrk(options: { url: string; connections: number; durationS: number; dir: string }): Promise<{ requestsPerS: number; errors: number }> {
  const script = join(options.dir, 'post.lua');
  await writeFile(script, `wrk.method = "POST"\nwrk.body = '{"messages":[{"role":"user","content":"Hi"}],"stream":true,"max_tokens":256}'\nwrk.headers["Content-Type"] = "application/json"\n`);
  const threads = Math.min(2, options.connections);
  const { stdout } = await run('wrk', ['-t', String(threads), '-c', String(options.connections), '-d', `${options.durationS}s`, '--timeout', '10s', '-s', script, options.url + chatPath], { timeout: (options.durationS + 30) * 1000 });
  const requestsPerS = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  const errors = non2xx + (socketErrors ? socketErrors.slice(1).reduce((sum, value) => sum + Number(value), 0) : 0);
  return { requestsPerS, errors };
}

/** The minimal single-loop client, in its own process so it has a whole event loop to itself. */
export async function runMinimalClient(options: { url: string; concurrency: number; durationS: number }): Promise<{ streamsPerS: number; tokensPerS: number; tokensPerCpuS: number; errors: number }> {
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const { stdout } = await run(tsx, [join(root, 'test', 'bench', 'loadgen-minimal-client.ts'), options.url + chatPath, String(options.concurrency), String(options.durationS)], { cwd: root, timeout: (options.durationS + 60) * 1000 });
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { streams: number; tokens: number; errors: number; elapsedS: number; cpuS: number };
  return { streamsPerS: result.streams / result.elapsedS, tokensPerS: result.tokens / result.elapsedS, tokensPerCpuS: result.tokens / result.cpuS, errors: result.errors };
}

/** The one-stream observer (loadgen-observer.ts) in its own process, for `durationS`. */
export async function runObserver(options: { url: string; durationS: number; maxTokens: number }): Promise<{ gaps: number; p50Ms: number; p90Ms: number; p99Ms: number }> {
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const { stdout } = await run(tsx, [join(root, 'test', 'bench', 'loadgen-observer.ts'), options.url + chatPath, String(options.durationS), String(options.maxTokens)], { cwd: root, timeout: (options.durationS + 60) * 1000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { gaps: number; p50Ms: number; p90Ms: number; p99Ms: number };
}

export interface DemoProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** The demo server in its own process (`llmwb demo-server --engine sim --sim-token-ms 50`), ready when /health says ok. */
export async function startDemoProcess(args: readonly string[]): Promise<DemoProcess> {
  const child = spawn(process.execPath, [join(root, 'bin', 'llmwb.mjs'), 'demo-server', '--port', '0', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`demo server did not start: ${text}`)), 60_000);
    const read = (part: Buffer): void => {
      text += part.toString();
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`demo server exited with ${code}: ${text}`)));
  });
  await waitForHealth(url, child);
  return { url, pid: child.pid ?? 0, stop: () => stopChild(child) };
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(`${url}/health`)).status === 200) return;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('demo server never became healthy');
}
