import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { processStartToken, type ProcessOwner } from '../../src-main/core/store/process-owner';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { RunRecord } from '../../src-shared/schemas/run-result';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server';
import { makeTempDir } from '../support/temp-dir';

/** A Node child that lives until `stop()`; its owner record is taken while it is alive. */
export function startLiveProcess(): { child: ChildProcess; owner: ProcessOwner; stop(): Promise<void> } {
  const child = spawn(process.execPath, ['-e', 'process.stdin.resume(); process.stdin.on("end", () => process.exit(0))'], { stdio: ['pipe', 'ignore', 'ignore'] });
  const pid = child.pid!;
  const startToken = processStartToken(pid);
  const owner: ProcessOwner = { pid, hostname: hostname(), ...(startToken === undefined ? {} : { startToken }) };
  return {
    child,
    owner,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin!.end();
      await exited;
    },
  };
}

export function runRecord(id: string, status: RunRecord['status']): RunRecord {
  return {
    id,
    url: 'http://127.0.0.1:1',
    startedAt: Date.now(),
    status,
    plan: { url: 'http://127.0.0.1:1', api: 'chat', load: { kind: 'closed', virtualUsers: 1 }, durationS: 1, maxTokens: 8, prompt: 'hi', requestTimeoutS: 10, ignoreEos: false },
  };
}

const cliEntry = fileURLToPath(new URL('../../bin/llmwb.mjs', import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node bin/llmwb.mjs …`, the CLI as a user starts it, with its output collected. */
export function startCli(args: string[]): CliProcess {
  const child = spawn(process.execPath, [cliEntry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Polls a state until it holds (the other process announces nothing this one could listen to). */
export async function waitUntil<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * One scripted server for the file and a fresh data folder per test, with every CLI run started
 * through `startRun` killed after its test: the setup the store's CLI tests share.
 */
export function useCliRunScratch(prefix: string) {
  let server: ScriptedServer;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const clis: CliProcess[] = [];
  beforeAll(async () => {
    server = await startScriptedServer({ firstTokenDelayMs: 20, tokenIntervalMs: 5, tokens: 8 });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    temp = await makeTempDir(prefix);
  });
  afterEach(async () => {
    for (const cli of clis.splice(0)) if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    await temp.cleanup();
  });
  return {
    get dir(): string {
      return temp.dir;
    },
    /** `llmwb run --url <the server> --concurrency 2 --max-tokens 8 … --data-dir <the folder>`. */
    startRun(bound: string[]): CliProcess {
      const cli = startCli(['run', '--url', server.url, '--concurrency', '2', '--max-tokens', '8', ...bound, '--data-dir', temp.dir]);
      clis.push(cli);
      return cli;
    },
  };
}
