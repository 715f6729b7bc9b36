import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base } from '@playwright/test';

export interface ServeInstance {
  /** The address `serve` printed, token included. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  /** Everything the process printed so far, for failure messages. */
  output(): string;
}

const repoRoot = resolve(import.meta.dirname, '../../..');
const startTimeoutMs = 60_000;

/**
 * The first http://127.0.0.1 address that carries a token. `serve --demo` prints the demo
 * server's own address (which has none) before the page's, so "first URL" alone is not enough.
 */
export function findPageUrl(output: string): string | undefined {
  return /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(output)?.[0];
}

async function startServe(dataDir: string): Promise<{ child: ChildProcess; instance: ServeInstance }> {
  if (!existsSync(join(repoRoot, 'out/renderer/index.html'))) {
    throw new Error('out/renderer/index.html is missing: run `npm run build` before the e2e tests.');
  }
  const child = spawn(process.execPath, ['bin/llmwb.mjs', 'serve', '--demo', '--port', '0', '--data-dir', dataDir], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no page address within ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = findPageUrl(output);
      if (found) {
        clearTimeout(timer);
        resolveUrl(found);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with code ${code} before printing its address:\n${output}`));
    });
  });
  const parsed = new URL(url);
  return {
    child,
    instance: { url, origin: parsed.origin, token: parsed.searchParams.get('token') ?? '', dataDir, output: () => output },
  };
}

async function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Each test gets its own `serve --demo` on port 0 with a fresh data folder. */
export const test = base.extend<{ serve: ServeInstance }>({
  // Playwright reads a fixture's dependencies from this destructuring; this one has none.
  // eslint-disable-next-line no-empty-pattern
  serve: async ({}, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'llmwb-e2e-'));
    const { child, instance } = await startServe(dataDir);
    try {
      await use(instance);
    } finally {
      await stopServe(child);
      await rm(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
