import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseCommand } from '../../src-main/cli/commands/diagnose';
import { Diagnosis } from '../../src-shared/schemas/diagnosis';
import { makeTempDir } from '../support/temp-dir';

/**
 * `llmwb diagnose` end to end against a real `llmwb demo-server` process (the sim engine, so the
 * server and the load generator are separate processes as on a real host), with a goal small
 * enough to finish well inside a minute. Assertions hold whether a probe passes, fails or is
 * judged client-bound on this busy machine: they check the lines, not the figures.
 */
const llmwb = resolve('bin/llmwb.mjs');
let temp: { dir: string; cleanup(): Promise<void> };
let demo: Spawned;
let url: string;
const goal = ['--preset', 'seed', '--max-tokens', '8', '--max-users', '4', '--budget', '2m'];

interface Spawned {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line (stdout or stderr) from line `from` on that matches; rejects if the process exits first. */
  waitForLine(pattern: RegExp, from?: number): Promise<string>;
  exited: Promise<number | null>;
}

function spawnLlmwb(argv: string[]): Spawned {
  const child = spawn(process.execPath, [llmwb, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve(line: string): void }>();
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = '';
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        for (const waiter of waiters) if (waiter.pattern.test(line)) waiter.resolve(line);
      }
    });
  }
  const waitForLine = (pattern: RegExp, from = 0): Promise<string> => {
    const seen = lines.slice(from).find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolveLine, reject) => {
      const waiter = { pattern, resolve: (line: string) => (waiters.delete(waiter), resolveLine(line)) };
      waiters.add(waiter);
      void exited.then((code) => waiters.has(waiter) && reject(new Error(`llmwb ${argv[0]} exited ${String(code)} before printing ${String(pattern)}:\n${lines.join('\n')}`)));
    });
  };
  return { child, lines, waitForLine, exited };
}

async function inProcess(argv: string[], options: { dataDir: string; onLine?: (line: string) => void; onInterrupt?: (cancel: () => void) => () => void }) {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    out: (line: string) => (out.push(line), options.onLine?.(line)),
    err: (line: string) => err.push(line),
  };
  const code = await diagnoseCommand(argv, io, { dataDir: options.dataDir, onInterrupt: options.onInterrupt ?? (() => () => undefined) });
  return { code, out, err };
}

const probeEnd = /^probe {2}(.+): (pass|fail|unresolved|invalid) · (\d+) requests · [\d.]+ req\/s · run (\S+)/;
const runIdsOf = (lines: readonly string[]): string[] => lines.flatMap((line) => probeEnd.exec(line)?.[4] ?? []);

/**
 * Starts a diagnosis and SIGKILLs it once a probe of its capacity step has finished (saved before
 * its line is printed). A one-user probe judged client-bound (this machine too busy to generate
 * even that load) ends the search before any capacity probe: that diagnosis cannot show a resume,
 * so a fresh one is started, at most three times.
 */
async function killedDuringCapacity(dataDir: string): Promise<{ id: string; first: Spawned }> {
  for (let attempt = 1; ; attempt += 1) {
    const first = spawnLlmwb(['diagnose', '--url', url, ...goal, '--data-dir', dataDir]);
    const id = /^diagnosis (\S+) /.exec(await first.waitForLine(/^diagnosis /))![1]!;
    const capacityAt = first.lines.indexOf(await first.waitForLine(/^step {3}capacity/));
    const next = await first.waitForLine(/^(probe|done) /, capacityAt);
    if (next.startsWith('probe')) {
      await first.waitForLine(probeEnd, capacityAt);
      first.child.kill('SIGKILL');
      await first.exited;
      return { id, first };
    }
    await first.exited;
    if (attempt === 3) throw new Error(`three diagnoses in a row ended their search at the one-user probe:\n${first.lines.join('\n')}`);
  }
}

beforeAll(async () => {
  temp = await makeTempDir('llmwb-diagnose-cli-');
  demo = spawnLlmwb(['demo-server', '--engine', 'sim', '--sim-token-ms', '10', '--port', '0', '-np', '2', '-c', '2048']);
  url = /listening on (http:\S+)/.exec(await demo.waitForLine(/listening on http:/))![1]!;
}, 60_000);

afterAll(async () => {
  demo?.child.kill('SIGTERM');
  await demo?.exited;
  await temp.cleanup();
});

describe('llmwb diagnose against a demo-server process', { timeout: 180_000 }, () => {
  it('prints a line per step and per probe as each starts and ends, then the report, and writes the same diagnosis to --json', async () => {
    const dataDir = join(temp.dir, 'full');
    const jsonPath = join(temp.dir, 'full.json');
    const { code, out, err } = await inProcess(['--url', url, '--host', 'local', ...goal, '--json', jsonPath], { dataDir });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const saved = Diagnosis.parse(JSON.parse(await readFile(jsonPath, 'utf8')));
    expect(saved.status).toBe('done');
    expect(out[0]).toBe(`diagnosis ${saved.id} of ${url}, saved in ${join(dataDir, 'diagnoses', saved.id)}`);
    expect(out[2]).toBe('host:  this machine (inventory, server flags and telemetry recorded beside every probe)');
    const started = out.filter((line) => line.startsWith('step ')).map((line) => line.slice(7).split(' ')[0]);
    expect(started).toEqual(['preflight', 'baseline', 'capacity', 'findings', 'recommendations', 'verify', 'report']);
    expect(out.find((line) => line.startsWith('step   capacity'))).toMatch(/^step {3}capacity · about \d/);
    const ended = out.filter((line) => /^(done|skip) /.test(line)).map((line) => line.slice(0, 7) + line.slice(7).split(/[ :]/)[0]);
    expect(ended).toEqual(['done   preflight', 'done   baseline', 'done   capacity', 'done   findings', 'done   recommendations', 'skip   verify', 'skip   report']);
    // Every probe a line as it starts and as it ends, with its run: the same runs the diagnosis kept.
    const probeRuns = saved.capacity!.search.probes.map((probe) => probe.runId);
    expect(runIdsOf(out)).toEqual(probeRuns);
    for (const runId of probeRuns) expect(out.some((line) => line.startsWith('probe  ') && line.endsWith(`: started, run ${runId}`))).toBe(true);
    expect(out).toContain(`capacity: ${saved.capacity!.sentence!}`);
    expect(out).toContain(`verdict: ${saved.conclusion!.verdict.sentence}`);
    expect(out.some((line) => line === 'findings: none' || line === 'findings:')).toBe(true);
    expect(out.some((line) => line === 'recommendations: none' || /^ {2}rank {2}change +expected effect +impact\/effort\/risk$/.test(line))).toBe(true);
  });

  it('stops on Ctrl-C with the probe in flight, saves the diagnosis as cancelled and says how to resume it (exit 130)', async () => {
    const dataDir = join(temp.dir, 'cancel');
    let cancel = (): void => undefined;
    const { code, out, err } = await inProcess(['--url', url, ...goal], {
      dataDir,
      onInterrupt: (given) => ((cancel = given), () => undefined),
      onLine: (line) => void (/^probe .*: started, run /.test(line) && cancel()),
    });
    expect(code).toBe(130);
    expect(out[2]).toMatch(/^host: {2}unknown \(no --host\)/);
    const id = /^diagnosis (\S+) /.exec(out[0]!)![1]!;
    expect(err).toEqual(['cancelling: stopping the probe in flight and saving the diagnosis…', `cancelled: what was measured is saved; carry on with: llmwb diagnose --resume ${id} --data-dir ${dataDir}`]);
    expect(out.find((line) => line.startsWith('stop '))).toMatch(/^stop {3}baseline \(.+\): cancelled$/);
    const listed = await inProcess(['--list'], { dataDir });
    expect(listed.out).toEqual([expect.stringMatching(new RegExp(`^${id} {2}cancelled +${url.replace(/[.:/]/g, '\\$&')} {2}p95 under 5 s, errors under 1 % {2}at baseline$`))]);
  });

  it('resumes a diagnosis killed during the capacity step from its last finished probe, keeping the earlier probes, to done', async () => {
    const dataDir = join(temp.dir, 'resume');
    const { id, first } = await killedDuringCapacity(dataDir);
    const finishedBefore = runIdsOf(first.lines);

    const jsonPath = join(temp.dir, 'resumed.json');
    const second = spawnLlmwb(['diagnose', '--resume', id, '--json', jsonPath, '--data-dir', dataDir]);
    expect(await second.exited).toBe(0);
    const resumed = Diagnosis.parse(JSON.parse(await readFile(jsonPath, 'utf8')));
    expect(resumed).toMatchObject({ id, status: 'done' });
    // The probes finished before the kill are kept, same runs, in order; the search went on from there.
    const runIds = resumed.capacity!.search.probes.map((probe) => probe.runId);
    expect(runIds.slice(0, finishedBefore.length)).toEqual(finishedBefore);
    expect(second.lines.filter((line) => line.startsWith('probe  kept ')).map((line) => probeEnd.exec(line)?.[4])).toEqual(finishedBefore);
    expect(second.lines.filter((line) => line.startsWith('step ')).map((line) => line.slice(7).split(' ')[0])).toEqual(['capacity', 'findings', 'recommendations', 'verify', 'report']);
  });
});
