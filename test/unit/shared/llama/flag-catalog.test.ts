import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findFlag, flagByKey, llamaFlagCatalog, longForms, shortForms } from '../../../../src-shared/llama/flag-catalog';

const helpText = readFileSync(new URL('../../../fixtures/llama-server/v0.5.0-captured/llama-server.help.txt', import.meta.url), 'utf8');

/** The flags the protocol reference lists in §1.1–1.4, plus the server basics the demo needs. */
const requiredSpellings = [
  '-np', '--parallel', '-cb', '-nocb', '-b', '--batch-size', '-ub', '--ubatch-size', '--threads-http', '-to', '--sse-ping-interval',
  '-c', '--ctx-size', '-kvu', '-no-kvu', '--kv-unified-per-slot', '-ctk', '-ctv', '-fa', '-kvo', '-nkvo', '--swa-full', '-ctxcp', '-cms',
  '--cache-prompt', '--no-cache-prompt', '--cache-reuse', '-cram', '--cache-idle-slots', '--context-shift', '-sps', '-dt',
  '-t', '--threads', '-tb', '-C', '-Cr', '--cpu-strict', '--prio', '--poll', '-Cb', '-Crb', '--cpu-strict-batch', '--prio-batch', '--poll-batch', '--numa',
  '-ngl', '-fit', '-fitt', '-fitc', '-sm', '-ts', '-mg', '-dev', '-ot', '-cmoe', '-ncmoe', '-ncffn', '-lm', '-lzm', '--repack', '-nr', '--no-host', '--op-offload',
  '--host', '--port', '-m', '-a', '--metrics', '--api-key', '--api-key-file', '--slots', '--no-slots', '-n',
];

describe('llamaFlagCatalog', () => {
  it('covers the flags of reference sections 1.1 to 1.4 and the server basics', () => {
    const missing = requiredSpellings.filter((spelling) => findFlag(spelling) === undefined);
    expect(missing).toEqual([]);
  });

  it('spells every flag and env var the way the captured llama-server v0.5.0 --help does', () => {
    const words = new Set(helpText.split(/[\s,]+/));
    for (const flag of llamaFlagCatalog) {
      for (const name of [...flag.names, ...(flag.negNames ?? [])]) expect(words.has(name), `${name} in --help`).toBe(true);
      if (flag.env !== undefined) expect(helpText.includes(`(env: ${flag.env})`), `${flag.env} in --help`).toBe(true);
    }
  });

  it('gives every flag a unique key and every spelling a single owner', () => {
    const keys = llamaFlagCatalog.map((flag) => flag.key);
    expect(new Set(keys).size).toBe(keys.length);
    const spellings = llamaFlagCatalog.flatMap((flag) => [...flag.names, ...(flag.negNames ?? [])]);
    expect(new Set(spellings).size).toBe(spellings.length);
  });

  it('describes each flag with a summary, a trade-off and a default inside its own range', () => {
    for (const flag of llamaFlagCatalog) {
      expect(flag.summary.length, flag.key).toBeGreaterThan(5);
      expect(flag.tradeOff.length, flag.key).toBeGreaterThan(3);
      if (typeof flag.defaultValue === 'number') {
        if (flag.min !== undefined) expect(flag.defaultValue, flag.key).toBeGreaterThanOrEqual(flag.min);
        if (flag.max !== undefined) expect(flag.defaultValue, flag.key).toBeLessThanOrEqual(flag.max);
      }
      if (flag.type === 'enum' && typeof flag.defaultValue === 'string') expect(flag.choices).toContain(flag.defaultValue);
    }
  });

  it('separates multi-letter short forms from long forms', () => {
    const parallel = flagByKey('parallel');
    expect(parallel === undefined ? [] : shortForms(parallel)).toEqual(['-np']);
    expect(parallel === undefined ? [] : longForms(parallel)).toEqual(['--parallel']);
    expect(findFlag('-nocb')?.key).toBe('contBatching');
    expect(findFlag('-ub')?.env).toBe('LLAMA_ARG_UBATCH');
  });

  it('records llama-server v0.5.0 defaults that surprise people', () => {
    expect(flagByKey('parallel')?.defaultValue).toBe(-1);
    expect(flagByKey('flashAttn')?.defaultValue).toBe('auto');
    expect(flagByKey('port')?.defaultValue).toBe(8080);
    expect(flagByKey('apiKey')?.env).toBe('LLAMA_API_KEY');
    expect(flagByKey('defragThold')?.deprecated).toMatch(/DEPRECATED/);
  });
});
