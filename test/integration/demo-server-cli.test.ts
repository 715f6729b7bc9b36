import { describe, expect, it } from 'vitest';
import { demoServerCommand } from '../../src-main/cli/commands/demo-server';
import { startDemoServer } from '../../src-main/demo/index';

/** Captures the command's output and lets a test wait for a line, instead of sleeping. */
function recordingIo() {
  const out: string[] = [];
  const err: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const io = {
    out: (line: string) => {
      out.push(line);
      for (const waiter of waiters.filter((candidate) => candidate.pattern.test(line))) waiter.resolve(line);
    },
    err: (line: string) => err.push(line),
  };
  const waitForLine = (pattern: RegExp) => new Promise<string>((resolve) => waiters.push({ pattern, resolve }));
  return { io, out, err, waitForLine };
}

describe('llmwb demo-server', () => {
  it('runs in the foreground, prints the URL and effective settings, and stops cleanly when signalled', async () => {
    const { io, out, waitForLine } = recordingIo();
    const stop = new AbortController();
    const exit = demoServerCommand(['--port', '0', '-np', '3', '-c', '4096', '-t', '2', '--sim-cores', '4', '--speed', '10'], io, { signal: stop.signal, env: {} });
    const line = await waitForLine(/listening on http:/);
    const url = /listening on (http:\S+)/.exec(line)?.[1] ?? '';
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const props = (await (await fetch(`${url}/props`)).json()) as { total_slots: number; demo: boolean };
    expect(props).toMatchObject({ total_slots: 3, demo: true });
    expect(out.join('\n')).toMatch(/4608 tokens in total, 1536 per slot/);
    expect(out.join('\n')).toMatch(/threads +2: -t 2 given, fewer than the 4 simulated cores/);
    stop.abort();
    expect(await exit).toBe(0);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('exits 2 listing every problem: unknown, out of range, refused and inconsistent flags', async () => {
    const { io, err } = recordingIo();
    const code = await demoServerCommand(['--bogus', '-np', '0', '-ngl', '99', '-b', '256', '-ub', '512', '--host', '0.0.0.0'], io, { env: {} });
    expect(code).toBe(2);
    const text = err.join('\n');
    expect(text).toMatch(/5 problems/);
    for (const fragment of ['--bogus', '-np: 0 is out of range', '-ngl', '-ub 512 is larger than -b 256', '--host 0.0.0.0']) expect(text).toContain(fragment);
  });

  it('exits 1 with a hint when the port is taken', async () => {
    const other = await startDemoServer();
    try {
      const { io, err } = recordingIo();
      expect(await demoServerCommand(['--port', String(other.port)], io, { env: {} })).toBe(1);
      expect(err.join('\n')).toMatch(/port \d+ is in use \(pass --port 0/);
    } finally {
      await other.close();
    }
  });

  it('reads LLAMA_ARG_* variables like llama-server', async () => {
    const { io, out, waitForLine } = recordingIo();
    const stop = new AbortController();
    const exit = demoServerCommand(['--port', '0'], io, { signal: stop.signal, env: { LLAMA_ARG_N_PARALLEL: '2', LLAMA_ARG_CTX_SIZE: '2048' } });
    await waitForLine(/listening on/);
    stop.abort();
    expect(await exit).toBe(0);
    expect(out.join('\n')).toMatch(/slots +2\n.*2048 tokens in total, 1024 per slot/);
  });
});
