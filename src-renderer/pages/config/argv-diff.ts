import { writeServerArgs } from '../../../src-shared/llama/server-args';
import { tokenizeLlamaArgs, type ArgToken } from '../../../src-shared/llama/tokenize-llama-args';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';

/** One flag (or loose word) of a command line before and after a change. */
export interface ArgvDiffRow {
  /** The flag as written after the change (else before), or the loose word's position. */
  label: string;
  /** Its words after the flag itself; for a toggle, its spelling (`-cb` / `-nocb`). */
  before?: string;
  after?: string;
  change: 'added' | 'removed' | 'changed' | 'same';
}

interface Item {
  id: string;
  label: string;
  text: string;
}

/**
 * A flag-level diff of two llama-server command lines: flags are matched by what they set
 * (`-np 2` against `--parallel 4` is one change, `-cb` against `-nocb` too), words that are not
 * flags (the executable, a container's options and image) by position. Rows follow the new
 * command line, then what it dropped. Pure.
 */
export function diffArgv(before: readonly string[], after: readonly string[]): ArgvDiffRow[] {
  const old = new Map(items(before).map((item) => [item.id, item]));
  const rows: ArgvDiffRow[] = [];
  for (const item of items(after)) {
    const was = old.get(item.id);
    old.delete(item.id);
    if (was === undefined) rows.push({ label: item.label, after: item.text, change: 'added' });
    else rows.push({ label: item.label, before: was.text, after: item.text, change: was.text === item.text ? 'same' : 'changed' });
  }
  for (const item of old.values()) rows.push({ label: item.label, before: item.text, change: 'removed' });
  return rows;
}

function items(argv: readonly string[]): Item[] {
  const seen = new Map<string, number>();
  let loose = 0;
  return tokenizeLlamaArgs(argv).map((token) => {
    if (token.kind === 'stray') {
      loose += 1;
      return { id: `#${loose}`, label: `word ${loose}`, text: token.words.join(' ') };
    }
    // A flag given twice (llama-server keeps the last) stays two rows, matched in order.
    const base = token.kind === 'flag' ? token.flag.key : token.spelling;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { id: `${base}#${count}`, label: token.spelling, text: valueOf(token) };
  });
}

function valueOf(token: Exclude<ArgToken, { kind: 'stray' }>): string {
  if (token.kind === 'flag' && token.flag.type === 'toggle' && token.value === undefined) return token.spelling;
  return token.value ?? '';
}

/** How many rows change anything. */
export function countChanges(rows: readonly ArgvDiffRow[]): number {
  return rows.filter((row) => row.change !== 'same').length;
}

/** `-np 2 → 4 · + -t 2 · − -fa`: the flags a change sets, changes and drops, in short spellings. */
export function changeSummary(before: ServerConfig, after: ServerConfig): string {
  try {
    const rows = diffArgv(writeServerArgs(before, { spelling: 'short' }).argv, writeServerArgs(after, { spelling: 'short' }).argv).filter((row) => row.change !== 'same');
    if (rows.length === 0) return 'no flag changed';
    return rows.map(describeRow).join(' · ');
  } catch {
    // A configuration written by another version of the catalog: say so rather than hide the entry.
    return 'flags this version does not know';
  }
}

function describeRow(row: ArgvDiffRow): string {
  // A toggle's value is its own spelling: `+ -kvu`, not `+ -kvu -kvu`.
  const withValue = (value: string | undefined): string => (value === undefined || value === row.label ? row.label : `${row.label} ${value}`);
  if (row.change === 'added') return `+ ${withValue(row.after)}`;
  if (row.change === 'removed') return `− ${withValue(row.before)}`;
  return `${row.label} ${row.before ?? ''} → ${row.after ?? ''}`;
}
