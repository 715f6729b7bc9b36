import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface ServeProcess {
  port: number;
  token: string;
  child: ChildProcess;
  /** Everything the process printed so far, for failure messages. */
  output(): string;
  /** Whether the process is still running. */
  isAlive(): boolean;
  stop(): Promise<void>;
}

const repoRoot = resolve(import.meta.dirname, '../..');
const startTimeoutMs = 45_000;

/** `serve` needs the built UI; `npm test` builds before it runs the integration project. */
export function hasBuiltRenderer(): boolean {
  return existsSync(join(repoRoot, 'out/renderer/index.html'));
}

/**
 * Spawns `llmwb serve --demo` on port 0 with its own data folder, the way a user starts browser
 * mode, and resolves once it has printed its address. A separate process, so a test can tell
 * that a request did not end it (an in-process server would take the test runner down instead).
 */
export async function spawnServe(dataDir: string): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['bin/llmwb.mjs', 'serve', '--demo', '--port', '0', '--data-dir', dataDir], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<URL>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address within ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
    const onData = () => {
      const found = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(output)?.[0];
      if (found === undefined) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolveUrl(new URL(found));
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with code ${code} before printing its address:\n${output}`));
    });
  });
  const isAlive = () => child.exitCode === null && child.signalCode === null;
  return {
    port: Number(url.port),
    token: url.searchParams.get('token') ?? '',
    child,
    output: () => output,
    isAlive,
    async stop() {
      if (!isAlive()) return;
      const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
