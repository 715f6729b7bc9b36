import { describe, expect, it } from 'vitest';
import { parseServerConfig } from '../../../../src-shared/llama/server-args';
import { isSameServerConfig, writeServerArgsLike } from '../../../../src-main/core/configure/launch-config';

describe('writing a configuration the way its user wrote it', () => {
  it('keeps each flag spelling and the flags set by LLAMA_ARG variables as variables', () => {
    const parsed = parseServerConfig(['-m', '/m.gguf', '--parallel', '2', '-c', '4096'], { env: { LLAMA_ARG_THREADS: '8' } });
    const next = { ...parsed.config, flags: { ...parsed.config.flags, parallel: 4, threads: 6 } };
    expect(writeServerArgsLike(next, parsed.origins)).toEqual({ argv: ['-m', '/m.gguf', '--parallel', '4', '-c', '4096'], env: { LLAMA_ARG_THREADS: '6' } });
  });

  it('spells a new flag the way most of the others are spelled', () => {
    const parsed = parseServerConfig(['-m', '/m.gguf', '-np', '2', '--port', '80']);
    expect(writeServerArgsLike({ ...parsed.config, flags: { ...parsed.config.flags, ubatchSize: 256 } }, parsed.origins).argv).toContain('-ub');
    expect(writeServerArgsLike({ flags: { ubatchSize: 256 } }, {}).argv).toEqual(['--ubatch-size', '256']);
  });
});

describe('the same configuration', () => {
  it('ignores key order and how the server was seen, not a changed limit or value', () => {
    const a = { model: '/m', flags: { parallel: 2, threads: 4 }, env: { A: '1' }, container: { cpus: 4 } };
    expect(isSameServerConfig(a, { flags: { threads: 4, parallel: 2 }, model: '/m', env: { A: '1' }, container: { cpus: 4 }, launch: { kind: 'demo' } })).toBe(true);
    expect(isSameServerConfig(a, { ...a, container: { cpus: 2 } })).toBe(false);
    expect(isSameServerConfig(a, { ...a, flags: { parallel: 3, threads: 4 } })).toBe(false);
  });
});
