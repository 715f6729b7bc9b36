import { flagByKey } from '../llama/flag-catalog';
import type { FlagValue } from '../llama/flag-types';
import type { ServerConfig } from '../schemas/server-config';

/** The configuration fields the checks read: flags by catalog key, nothing else. */
export type ConfigFlags = Pick<ServerConfig, 'flags'>;

/** The flag's value as given, else llama-server's default from the catalog, else undefined. */
export function flagValue(config: ConfigFlags, key: string): FlagValue | undefined {
  const given = config.flags[key];
  if (given !== undefined) return given;
  return flagByKey(key)?.defaultValue ?? undefined;
}

/** A numeric flag's value or default; undefined when neither is a number. */
export function numberFlag(config: ConfigFlags, key: string): number | undefined {
  const value = flagValue(config, key);
  return typeof value === 'number' ? value : undefined;
}

/** An enum or string flag's value or default. */
export function textFlag(config: ConfigFlags, key: string): string | undefined {
  const value = flagValue(config, key);
  return typeof value === 'string' ? value : undefined;
}

/** True when the user set the flag (rather than leaving llama-server's default). */
export function isGiven(config: ConfigFlags, key: string): boolean {
  return config.flags[key] !== undefined;
}

/** The flag's shortest spelling for messages (`-np`), else its key. */
export function spellingOf(key: string): string {
  const names = flagByKey(key)?.names ?? [];
  return names.find((name) => !name.startsWith('--')) ?? names[0] ?? key;
}
