import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { llamaFlagCatalog } from '../../../../src-shared/llama/flag-catalog';
import type { FlagValue, LlamaFlag } from '../../../../src-shared/llama/flag-types';
import { parseServerConfig, writeServerArgs, type WriteServerArgsOptions } from '../../../../src-shared/llama/server-args';
import { isListItem, ServerConfig } from '../../../../src-shared/schemas/server-config';

const text = fc.string({ maxLength: 16 }).filter((value) => !value.includes('\0'));

/** A value llama-server accepts for the flag (and that the config schema calls valid). */
function validValue(flag: LlamaFlag): fc.Arbitrary<FlagValue> {
  switch (flag.type) {
    case 'int':
      return fc.integer({ min: flag.min ?? -1_000_000_000, max: flag.max ?? 1_000_000_000 }).filter((value) => !(flag.invalidValues ?? []).includes(value));
    case 'float':
      return fc.double({ min: flag.min ?? -1e12, max: flag.max ?? 1e12, noNaN: true, noDefaultInfinity: true });
    case 'enum':
      return fc.constantFrom(...(flag.choices ?? []));
    case 'list':
      return fc.array(fc.string({ minLength: 1, maxLength: 8 }).filter(isListItem), { maxLength: 4 });
    case 'toggle':
      return flag.negNames === undefined && flag.env === undefined ? fc.constant(true) : fc.boolean();
    case 'string':
      return text;
  }
}

/** Any spelling choice: short or long forms, and each flag on the command line or in its variable. */
const writeOptions: fc.Arbitrary<WriteServerArgsOptions> = fc.record({
  spelling: fc.constantFrom('short' as const, 'long' as const),
  asEnv: fc.func(fc.boolean()),
});

function configOf(flag: LlamaFlag, value: FlagValue): ServerConfig {
  return flag.key === 'model' ? { model: value as string, flags: {} } : { flags: { [flag.key]: value } };
}

function roundTrip(config: ServerConfig, options: WriteServerArgsOptions): ReturnType<typeof parseServerConfig> {
  const { argv, env } = writeServerArgs(config, options);
  return parseServerConfig(argv, { env });
}

describe('writeServerArgs and parseServerConfig', () => {
  it.each(llamaFlagCatalog.map((flag) => [flag.names.join(', '), flag] as const))('read back %s with any valid value, in any spelling', (_, flag) => {
    fc.assert(
      fc.property(validValue(flag), writeOptions, (value, options) => {
        const config = configOf(flag, value);
        expect(ServerConfig.safeParse(config).success).toBe(true);
        const parsed = roundTrip(config, options);
        expect(parsed.problems).toEqual([]);
        expect(parsed.config).toEqual(config);
      }),
      { numRuns: 25 },
    );
  });

  it('read back a whole configuration of many flags, unknown arguments and other variables', () => {
    const assignment = fc.uniqueArray(
      fc.constantFrom(...llamaFlagCatalog).chain((flag) => validValue(flag).map((value) => [flag, value] as const)),
      { selector: ([flag]) => flag.key, maxLength: 20 },
    );
    fc.assert(
      fc.property(assignment, writeOptions, (pairs, options) => {
        const config: ServerConfig = { flags: {}, env: { CUDA_VISIBLE_DEVICES: '0,1' }, extraArgs: ['--some-new-flag', '3'] };
        for (const [flag, value] of pairs) Object.assign(config, flag.key === 'model' ? { model: value } : { flags: { ...config.flags, [flag.key]: value } });
        expect(roundTrip(config, options).config).toEqual(config);
      }),
    );
  });

  it('is stable on any command line and environment: parse, write, parse gives the first parse again', () => {
    const word = fc.oneof(text, fc.constantFrom('-np', '-ub', '-fa', '--port', '-t', '--metrics', '-nocb', '-1', '8', '--no-mmap', '--x=1', '--metrics=1', '-m', 'on'));
    const env = fc.dictionary(fc.constantFrom('LLAMA_ARG_THREADS', 'LLAMA_ARG_N_PARALLEL', 'LLAMA_ARG_ENDPOINT_METRICS', 'LLAMA_ARG_MODEL', 'HOME'), fc.oneof(text, fc.constantFrom('4', '0', 'on')));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), env, (argv, environment) => {
        const first = parseServerConfig(argv, { env: environment }).config;
        expect(roundTrip(first, {}).config).toEqual(first);
      }),
    );
  });

  it('writes short forms, long forms and LLAMA_ARG_* variables as llama-server reads them', () => {
    const config: ServerConfig = { model: 'm.gguf', flags: { parallel: 8, contBatching: false, flashAttn: 'on', host: ['127.0.0.1', '::1'], threads: -1 } };
    expect(writeServerArgs(config, { spelling: 'short' })).toEqual({ argv: ['-m', 'm.gguf', '-np', '8', '-nocb', '-fa', 'on', '-t', '-1', '--host', '127.0.0.1,::1'], env: {} });
    expect(writeServerArgs(config).argv).toEqual(['--model', 'm.gguf', '--parallel', '8', '--no-cont-batching', '--flash-attn', 'on', '--threads', '-1', '--host', '127.0.0.1,::1']);
    expect(writeServerArgs(config, { asEnv: (key) => key !== 'threads' }).env).toEqual({
      LLAMA_ARG_N_PARALLEL: '8',
      LLAMA_ARG_CONT_BATCHING: '0',
      LLAMA_ARG_FLASH_ATTN: 'on',
      LLAMA_ARG_HOST: '127.0.0.1,::1',
    });
  });

  it('writes -0 so that it reads back as -0, not 0', () => {
    expect(Object.is(roundTrip({ flags: { defragThold: -0 } }, {}).config.flags.defragThold, -0)).toBe(true);
  });

  it('turns off a toggle without a negative spelling through its variable', () => {
    expect(writeServerArgs({ flags: { metrics: false } })).toEqual({ argv: [], env: { LLAMA_ARG_ENDPOINT_METRICS: '0' } });
  });

  it('keeps what does not parse, verbatim, and says why', () => {
    const parsed = parseServerConfig(['-np', '0', '--no-mmap', '-t', '4', 'stray'], { env: { LLAMA_ARG_UBATCH: 'lots', CUDA_VISIBLE_DEVICES: '1' } });
    expect(parsed.config).toEqual({ flags: { threads: 4 }, extraArgs: ['-np', '0', '--no-mmap', 'stray'], env: { LLAMA_ARG_UBATCH: 'lots', CUDA_VISIBLE_DEVICES: '1' } });
    expect(parsed.problems.map((problem) => problem.kind)).toEqual(['out_of_range', 'removed_flag', 'unexpected_argument', 'invalid_value']);
    expect(parsed.origins).toEqual({ threads: { from: 'argv', spelling: '-t' } });
  });

  it('takes the model out of the flags and says where each value came from', () => {
    const parsed = parseServerConfig(['-m', 'a.gguf', '-c', '4096'], { env: { LLAMA_ARG_N_PARALLEL: '2', LLAMA_ARG_CTX_SIZE: '1' } });
    expect(parsed.config).toEqual({ model: 'a.gguf', flags: { ctxSize: 4096, parallel: 2 }, env: { LLAMA_ARG_CTX_SIZE: '1' } });
    expect(parsed.origins).toEqual({ model: { from: 'argv', spelling: '-m' }, ctxSize: { from: 'argv', spelling: '-c' }, parallel: { from: 'env', name: 'LLAMA_ARG_N_PARALLEL' } });
  });
});

describe('ServerConfig', () => {
  it('rejects flags that are not in the catalog, values of the wrong type, and values out of range', () => {
    const result = ServerConfig.safeParse({ flags: { frobnicate: 1, parallel: 0, flashAttn: 'maybe', threads: 1.5, host: ['a,b'], model: 'x' } });
    expect(result.success).toBe(false);
    const paths = result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
    expect(paths.sort()).toEqual(['flags.flashAttn', 'flags.frobnicate', 'flags.host', 'flags.model', 'flags.parallel', 'flags.threads']);
  });

  it('rejects --help switched off, which no spelling can say', () => {
    expect(ServerConfig.safeParse({ flags: { help: false } }).success).toBe(false);
    expect(() => writeServerArgs({ flags: { help: false } })).toThrow(/no spelling that turns it off/);
  });

  it('takes every launch method, with what is known of it', () => {
    for (const launch of [{ kind: 'process', pid: 4187 }, { kind: 'systemd', unit: 'llama.service' }, { kind: 'container', containerId: '7f3c' }, { kind: 'compose', service: 'llm' }, { kind: 'demo' }, { kind: 'unknown' }]) {
      expect(ServerConfig.parse({ flags: {}, launch }).launch).toEqual(launch);
    }
    expect(ServerConfig.safeParse({ flags: {}, launch: { kind: 'kubernetes' } }).success).toBe(false);
  });
});
