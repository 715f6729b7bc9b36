import { z } from 'zod';
import { spellingOf } from '../../../src-shared/config/config-values';
import { flagByKey } from '../../../src-shared/llama/flag-catalog';
import { ConfigValue, FlagKey, type ConfigChange } from '../../../src-shared/schemas/finding';
import { valueText, type ConfigDraft } from './config-draft';

/** Flag values by catalog key, as another page hands them to the editor through the address (`#/config?set=…`). */
export type LinkedChanges = Record<string, ConfigValue>;

const LinkedChangesSchema = z.record(FlagKey, ConfigValue);

/** The `set` parameter for changes: JSON, so a list or a path with commas survives the trip. */
export function linkChanges(changes: readonly Pick<ConfigChange, 'flag' | 'to'>[]): string {
  return JSON.stringify(Object.fromEntries(changes.map((change) => [change.flag, change.to])));
}

/** The changes a `set` parameter names; null when it is absent, not JSON, or names a flag the catalog does not know. */
export function readLinkedChanges(param: string | undefined): LinkedChanges | null {
  if (param === undefined || param === '') return null;
  try {
    const parsed = LinkedChangesSchema.safeParse(JSON.parse(param));
    return parsed.success && Object.keys(parsed.data).length > 0 ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The draft with the linked values in its controls: the editor then checks and diffs them like typed ones. */
export function withLinkedChanges(draft: ConfigDraft, changes: LinkedChanges | null): ConfigDraft {
  if (changes === null) return draft;
  const flags = { ...draft.flags };
  for (const [key, value] of Object.entries(changes)) flags[key] = valueText(value);
  return { ...draft, flags };
}

/** A flag and its value as typed on a command line (`-np 10`); a toggle by its on or off spelling (`-kvu`, `-nocb`). */
export function flagText(key: string, value: ConfigValue): string {
  if (typeof value !== 'boolean') return `${spellingOf(key)} ${valueText(value)}`;
  return value ? spellingOf(key) : (flagByKey(key)?.negNames?.[0] ?? `${spellingOf(key)} off`);
}

/** The changes as a user would type them: `-np 10 -kvu`. */
export function describeLinkedChanges(changes: LinkedChanges): string {
  return Object.entries(changes)
    .map(([key, value]) => flagText(key, value))
    .join(' ');
}
