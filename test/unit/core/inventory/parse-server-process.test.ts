import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseServerProcess, splitServerFlags } from '../../../../src-main/core/inventory/parse-server-process';
import { hostFixture } from '../telemetry/fixtures';
import { expectOnlyParseErrors } from '../telemetry/parser-properties';

const dockerArgs = (JSON.parse(hostFixture('docker-inspect.json')) as Array<{ Path: string; Args: string[] }>)[0]!;

/** A processScript dump of pid 4187 with the docker fixture's command line plus a secret. */
function dump(argv: readonly string[], env = 'LLAMA_ARG_THREADS=4'): string {
  return [
    '==> /proc/4187/cmdline <==',
    `${argv.join('\0')}\0`,
    '==> /proc/4187/status <==',
    'Name:\tllama-server',
    'Threads:\t13',
    'Cpus_allowed_list:\t0-7',
    '',
    '==> /proc/4187/environ LLAMA_ARG <==',
    env,
    '==> /proc/4187/cgroup <==',
    '0::/system.slice/docker-7f3c9a1e52d04b6c8e1f2a9d3b7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d.scope',
  ].join('\n');
}

describe('parseServerProcess', () => {
  it('reads the containerised llama-server: flags, threads from LLAMA_ARG_THREADS, CPUs, container', () => {
    const server = parseServerProcess(dump([dockerArgs.Path, ...dockerArgs.Args]), 4187);
    expect(server).toMatchObject({ pid: 4187, executable: '/app/llama-server', threadsFlag: 4, batchThreadsFlag: null, osThreads: 13, allowedCpus: '0-7', allowedCpuCount: 8 });
    expect(server.containerId).toMatch(/^7f3c9a1e/);
    expect(server.flags).toContainEqual({ name: '-np', value: '8' });
    expect(server.flags).toContainEqual({ name: '--metrics', value: null });
  });

  it('lets -t on the command line win over the environment, and treats -t -1 as the default', () => {
    expect(parseServerProcess(dump(['llama-server', '-t', '8', '-tb', '16']), 4187)).toMatchObject({ threadsFlag: 8, batchThreadsFlag: 16 });
    expect(parseServerProcess(dump(['llama-server', '--threads', '-1'], ''), 4187).threadsFlag).toBeNull();
  });

  it('records the configuration it was started with: the command line, LLAMA_ARG_* variables and the container', () => {
    const recorded = parseServerProcess(dump([dockerArgs.Path, ...dockerArgs.Args]), 4187).config;
    expect(recorded).toMatchObject({ source: 'process', origins: { parallel: { from: 'argv', spelling: '-np' }, threads: { from: 'env', name: 'LLAMA_ARG_THREADS' } } });
    expect(recorded?.config).toEqual({
      model: '/models/Llama-3.1-8B-Instruct-Q4_K_M.gguf',
      flags: { host: ['0.0.0.0'], port: 8080, parallel: 8, ctxSize: 65536, gpuLayers: 99, metrics: true, threads: 4 },
      launch: { kind: 'container', containerId: expect.stringMatching(/^7f3c9a1e/) as unknown as string },
    });
  });

  it('says which words of the command line it kept without understanding them', () => {
    const recorded = parseServerProcess(dump(['/usr/bin/llama-server', '--some-new-flag', '2', '-t', '3'], ''), 4187).config;
    expect(recorded?.config).toMatchObject({ flags: { threads: 3 }, extraArgs: ['--some-new-flag', '2'] });
    expect(recorded?.note).toMatch(/--some-new-flag/);
  });

  it('redacts the API key in argv and flags', () => {
    const server = parseServerProcess(dump(['llama-server', '--api-key', 'sk-secret', '--hf-token=hf_x', '-m', 'm.gguf']), 4187);
    expect(server.argv).toEqual(['llama-server', '--api-key', '***', '--hf-token=***', '-m', 'm.gguf']);
    expect(JSON.stringify(server)).not.toMatch(/sk-secret|hf_x/);
    expect(server.config?.config?.flags.apiKey).toEqual(['***']);
  });

  it('says "cannot read llama-server process output" when the process is gone', () => {
    expect(() => parseServerProcess('==> stat -fc %T /sys/fs/cgroup <==\ncgroup2fs\n', 4187)).toThrowError(/cannot read llama-server process output/);
  });

  it('only ever fails with "cannot read" on outside text', () => {
    expectOnlyParseErrors((text) => parseServerProcess(text, 4187), 'llama-server process');
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 12 }), (args) => {
        const server = parseServerProcess(dump(['llama-server', ...args.map((arg) => arg.replaceAll('\0', ''))]), 4187);
        expect(server.flags.length).toBeLessThanOrEqual(args.length);
      }),
    );
  });
});

describe('splitServerFlags', () => {
  it('uses the flag catalog for arity and takes negative numbers as values', () => {
    expect(splitServerFlags(['--metrics', '-ngl', '99', '--some-new-flag', '--cont-batching', '-t', '-1'])).toEqual([
      { name: '--metrics', value: null },
      { name: '-ngl', value: '99' },
      { name: '--some-new-flag', value: null },
      { name: '--cont-batching', value: null },
      { name: '-t', value: '-1' },
    ]);
  });
});
