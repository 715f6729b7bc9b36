import { describe, expect, it } from 'vitest';
import { changeSummary, countChanges, diffArgv } from '../../../../../src-renderer/pages/config/argv-diff';

describe('the flag-level diff of two command lines', () => {
  it('matches a flag by what it sets, whatever the spelling, and keeps the executable as context', () => {
    const rows = diffArgv(['llmwb', 'demo-server', '-np', '2', '-c', '4096', '-cb'], ['llmwb', 'demo-server', '--parallel', '4', '-c', '4096', '-nocb', '-t', '2']);
    expect(rows).toEqual([
      { label: 'word 1', before: 'llmwb', after: 'llmwb', change: 'same' },
      { label: 'word 2', before: 'demo-server', after: 'demo-server', change: 'same' },
      { label: '--parallel', before: '2', after: '4', change: 'changed' },
      { label: '-c', before: '4096', after: '4096', change: 'same' },
      { label: '-nocb', before: '-cb', after: '-nocb', change: 'changed' },
      { label: '-t', after: '2', change: 'added' },
    ]);
    expect(countChanges(rows)).toBe(3);
  });

  it('lists a dropped flag and an unknown flag’s value as the command line has them', () => {
    expect(diffArgv(['-m', 'a.gguf', '--no-such', 'x', '-fa', 'on'], ['-m', 'b.gguf'])).toEqual([
      { label: '-m', before: 'a.gguf', after: 'b.gguf', change: 'changed' },
      { label: '--no-such', before: 'x', change: 'removed' },
      { label: '-fa', before: 'on', change: 'removed' },
    ]);
  });

  it('sums up a change in short spellings: what it changes, sets and drops', () => {
    expect(changeSummary({ flags: { parallel: 2, ctxSize: 4096, flashAttn: 'on' } }, { flags: { parallel: 4, ctxSize: 4096, threads: 2, kvUnified: true } })).toBe('-np 2 → 4 · + -kvu · + -t 2 · − -fa on');
    expect(changeSummary({ flags: { parallel: 2 } }, { flags: { parallel: 2 } })).toBe('no flag changed');
  });
});
