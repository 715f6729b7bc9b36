import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { RunPlan } from '../../src-shared/schemas/run-plan';
import { inventoryCommand } from '../../src-main/cli/commands/inventory';
import { createTokenizeCounter } from '../../src-main/core/datasets/tokenize-counter';
import { maxExecOutputBytes } from '../../src-main/core/hosts/exec-output';
import type { HostSession } from '../../src-main/core/hosts/host-session';
import { createKnownHostsFile } from '../../src-main/core/hosts/known-hosts';
import { maxStreamLineChars } from '../../src-main/core/hosts/line-splitter';
import { createLocalHost } from '../../src-main/core/hosts/local-host';
import { connectSshHost } from '../../src-main/core/hosts/ssh-host';
import { preflightEndpoint } from '../../src-main/core/runs/preflight';
import { maxEndpointBodyBytes } from '../../src-main/core/servers/scrape-fetch';
import { startServerScrape } from '../../src-main/core/servers/scrape-loop';
import { disposeSshd, sshdHostSpec, startSshd, type Sshd } from '../support/sshd';

let dir: string;
let sshd: Sshd;
let ssh: HostSession;
const local = createLocalHost();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llmwb-caps-'));
  sshd = await startSshd();
  ssh = await connectSshHost({ spec: sshdHostSpec(sshd), knownHosts: createKnownHostsFile(sshd.knownHostsPath) });
});
afterAll(async () => {
  await ssh?.close();
  await local.close();
  await disposeSshd(sshd);
  await rm(dir, { recursive: true, force: true });
});

/**
 * A server on a free loopback port whose answer to `endlessPath` never ends (the other routes
 * answer from `routes`); `hungUp` resolves when the client closed the endless answer.
 */
async function endlessServer(endlessPath: string, routes: Record<string, string> = {}) {
  let requests = 0;
  let bytesSent = 0;
  let onHangUp: () => void = () => undefined;
  const hungUp = new Promise<void>((resolve) => (onHangUp = resolve));
  const chunk = Buffer.from('vllm:num_requests_running{model_name="m"} 1\n'.repeat(1500));
  const pour = (response: ServerResponse): void => {
    while (!response.destroyed && response.write(chunk)) bytesSent += chunk.length;
  };
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    request.resume();
    if (path !== endlessPath) {
      response.writeHead(routes[path] === undefined ? 404 : 200, { 'content-type': 'application/json' });
      response.end(routes[path] ?? '{}');
      return;
    }
    requests += 1;
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.on('drain', () => pour(response));
    response.on('close', onHangUp);
    pour(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    bytesSent: () => bytesSent,
    hungUp,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a rejection');
}

/** Streams `argv` to its end; returns the stdout lines and the host's notices. */
async function streamAll(host: HostSession, argv: string[]): Promise<{ lines: string[]; notices: string[] }> {
  const lines: string[] = [];
  const notices: string[] = [];
  const handle = await host.stream(argv, { onStdoutLine: (line) => lines.push(line), onNotice: (message) => notices.push(message) });
  await handle.ended;
  return { lines, notices };
}

const overLongLine = ['sh', '-c', `head -c ${maxStreamLineChars + 1000} /dev/zero | tr '\\0' x; echo; echo after`];

describe('a server answering an endless /metrics body', () => {
  it('is cut at the cap, said in the run notes, and not asked again', async () => {
    const server = await endlessServer('/metrics');
    const scrape = startServerScrape({ url: server.url, kind: 'vllm', intervalMs: 20, timeoutMs: 60_000, onSample: () => undefined });
    const summary = await scrape.finished;
    await server.hungUp;
    await server.close();
    expect(summary.notes).toEqual([
      "The server's /metrics answer is larger than 8 MiB; the workbench reads at most that and stops asking /metrics for this run. Check that the URL points at the model server itself.",
    ]);
    expect(summary.metricsAvailable).toBe(false);
    expect(server.requests()).toBe(1);
    // What the client read is capped; the rest is what the sockets buffered before it hung up.
    expect(server.bytesSent()).toBeLessThan(maxEndpointBodyBytes * 4);
  });
});

describe('other answers read from a server', () => {
  it('skip an endless /v1/models list during preflight and still check the chat API', async () => {
    const server = await endlessServer('/v1/models', { '/v1/chat/completions': '{"choices":[{"message":{"content":"OK"}}]}' });
    const plan = RunPlan.parse({ url: server.url, load: { kind: 'closed', virtualUsers: 1 }, durationS: 1, maxTokens: 1, stream: false });
    expect(await preflightEndpoint(plan)).toEqual({});
    await server.hungUp;
    await server.close();
    expect(server.bytesSent()).toBeLessThan(64 * 1024 * 1024);
  });

  it('count an endless /tokenize answer as no answer, without reading it to the time-out', async () => {
    const server = await endlessServer('/tokenize');
    const counter = createTokenizeCounter({ url: server.url, timeoutMs: 60_000 });
    expect(await counter.count({ text: 'hello' }, 'output')).toBeNull();
    await server.hungUp;
    await server.close();
    expect(server.bytesSent()).toBeLessThan(128 * 1024 * 1024);
  });
});

describe.each([
  ['this machine', (): HostSession => local, (): string => 'The stdout of head on this machine'],
  ['an SSH host', (): HostSession => ssh, (): string => `The stdout of a command on ${sshd.user}@127.0.0.1:${sshd.port}`],
] as const)('commands on %s', (_name, host, stdoutOf) => {
  it('stop with a message when their output passes the exec cap', async () => {
    const error = await rejection(host().exec(['head', '-c', String(maxExecOutputBytes + 1), '/dev/zero']));
    expect(error.code).toBe('remote_command_failed');
    expect(error.message).toBe(`${stdoutOf()} is larger than 16 MiB; the workbench reads at most that and stopped the command.`);
  });

  it('skip a streamed line longer than the line cap, say so, and keep the next lines', async () => {
    const where = host().label === 'local' ? 'this machine' : host().label;
    expect(await streamAll(host(), [...overLongLine])).toEqual({
      lines: ['after'],
      notices: [`A line on the stdout of the command on ${where} is longer than 1 MiB; the workbench reads lines of at most that and skipped it.`],
    });
  });
});

describe('key and known_hosts files named on the command line', () => {
  const run = async (args: string[]): Promise<{ code: number; output: string; elapsedMs: number }> => {
    const lines: string[] = [];
    const startMs = performance.now();
    const code = await inventoryCommand(['--host', `ssh://root@127.0.0.1:${sshd.port}`, ...args], { out: (line) => lines.push(line), err: (line) => lines.push(line) });
    return { code, output: lines.join('\n'), elapsedMs: performance.now() - startMs };
  };

  it('refuses --identity /dev/zero at once, without reading it', async () => {
    const result = await run(['--identity', '/dev/zero', '--known-hosts', sshd.knownHostsPath]);
    expect(result.code).toBe(2);
    expect(result.output).toContain('the identity file /dev/zero is not a regular file (it is a character device)');
    expect(result.elapsedMs).toBeLessThan(2_000);
  });

  it('refuses a 1 GiB identity file at once, naming the 64 KiB cap', async () => {
    const huge = join(dir, 'huge-key');
    await writeFile(huge, '');
    await truncate(huge, 1024 ** 3);
    const result = await run(['--identity', huge, '--known-hosts', sshd.knownHostsPath]);
    expect(result.code).toBe(2);
    expect(result.output).toContain(`the identity file ${huge} is larger than 64 KiB; the workbench reads at most that.`);
    expect(result.elapsedMs).toBeLessThan(2_000);
  });

  it('refuses --known-hosts /dev/zero at once', async () => {
    const result = await run(['--identity', sshd.clientKeyPath, '--known-hosts', '/dev/zero']);
    expect(result.code).toBe(2);
    expect(result.output).toContain('the known hosts file /dev/zero is not a regular file (it is a character device)');
    expect(result.elapsedMs).toBeLessThan(2_000);
  });
});
