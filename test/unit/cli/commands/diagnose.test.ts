import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diagnoseCommand } from '../../../../src-main/cli/commands/diagnose';
import { parseDiagnoseOptions } from '../../../../src-main/cli/commands/diagnose-options';
import { makeTempDir } from '../../../support/temp-dir';

let temp: { dir: string; cleanup(): Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('llmwb-diagnose-cli-');
});
afterEach(async () => {
  await temp.cleanup();
});

async function llmwbDiagnose(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await diagnoseCommand(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, { dataDir: join(temp.dir, 'data') });
  return { code, out, err };
}

/** A loopback port nothing listens on: taken from the OS, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('llmwb diagnose refuses bad input before anything runs', () => {
  it('says an SLO that does not parse is wrong, exits 2 and writes nothing', async () => {
    const { code, out, err } = await llmwbDiagnose('--url', 'http://127.0.0.1:1', '--slo', 'p95 < 5');
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err[0]).toBe('llmwb diagnose: --slo: "p95 < 5": not a threshold; write it as ttft_p95<2000, p(95)<500 or ttft:p(99)<3000');
    expect(existsSync(join(temp.dir, 'data'))).toBe(false);
  });

  it('refuses --verify top without --yes, because it restarts the server', async () => {
    const { code, err } = await llmwbDiagnose('--url', 'http://127.0.0.1:1', '--verify', 'top');
    expect(code).toBe(2);
    expect(err[0]).toBe('llmwb diagnose: --verify top applies the first recommendation and restarts the server: add --yes to allow it');
  });

  it('says a --url that does not answer does not answer, exits 2 and writes nothing', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { code, err } = await llmwbDiagnose('--url', url, '--preset', 'seed');
    expect(code).toBe(2);
    expect(err[0]).toMatch(new RegExp(`^llmwb diagnose: ${url.replace(/[.:/]/g, '\\$&')} does not answer as an inference server: `));
    expect(err.at(-1)).toBe('hint: Start the server, or check --url (the base URL, such as http://127.0.0.1:8080).');
    expect(existsSync(join(temp.dir, 'data'))).toBe(false);
  });

  it('lists every problem at once: no --url, an unknown preset, a bad budget, a bad user count', async () => {
    const { code, err } = await llmwbDiagnose('--preset', 'fast', '--budget', 'soon', '--max-users', '0');
    expect(code).toBe(2);
    expect(err).toEqual([
      "llmwb diagnose: --url is required (the server's base URL, such as http://127.0.0.1:8080)",
      '  --preset must be interactive, batch or seed, not "fast" (or give your own --slo)',
      '  --max-users must be a whole number of at least 1, got "0"',
      '  --budget must be a duration such as 10m or 600s, got "soon"',
    ]);
  });

  it('refuses a goal option beside --resume, and host options without --host', async () => {
    expect(() => parseDiagnoseOptions(['--resume', 'dx-1', '--preset', 'seed'])).toThrow('--resume carries on with the goal the diagnosis started with: drop --preset');
    expect(() => parseDiagnoseOptions(['--url', 'http://127.0.0.1:8080', '--identity', '/k'])).toThrow('--identity only apply with --host');
    expect(() => parseDiagnoseOptions(['--url', 'http://127.0.0.1:8080', '--preset', 'seed', '--slo', 'e2e_p95<5000'])).toThrow('give --preset or --slo, not both');
  });

  it('reads a full goal: a custom SLO becomes the custom preset, the budget is in seconds', () => {
    const request = parseDiagnoseOptions(['--url', 'http://127.0.0.1:8080/', '--slo', 'e2e_p95<5000,error_rate<0.01', '--max-tokens', '16', '--prompt', 'Hi', '--fidelity', 'standard', '--max-users', '8', '--budget', '10m', '--verify', 'top', '--yes', '--host', 'local']);
    expect(request).toMatchObject({
      kind: 'start',
      url: 'http://127.0.0.1:8080',
      goal: { preset: 'custom', slo: 'e2e_p95<5000,error_rate<0.01', workload: { prompt: 'Hi', maxTokens: 16 }, fidelity: 'standard', maxUsers: 8, budgetS: 600, verify: 'top' },
    });
    expect(request.kind === 'start' && request.hostArgs !== undefined).toBe(true);
  });

  it('says a diagnosis it does not have is not there, and lists none in an empty data folder', async () => {
    expect(await llmwbDiagnose('--list')).toMatchObject({ code: 0, out: ['no diagnosis in this data folder'] });
    const { code, err } = await llmwbDiagnose('--resume', 'dx-nope');
    expect(code).toBe(1);
    expect(err[0]).toBe('llmwb diagnose: No diagnosis dx-nope in this data folder.');
  });
});
