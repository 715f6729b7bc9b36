import { tokenizeLlamaArgs } from '../../../src-shared/llama/tokenize-llama-args';
import { writeServerArgs, type ServerArgs } from '../../../src-shared/llama/server-args';
import type { FieldOrigin, ServerConfig } from '../../../src-shared/schemas/server-config';

/**
 * Whether two configurations launch the same server: model, flags, environment, verbatim
 * arguments and container limits, ignoring key order and `launch` (a record of how it was seen).
 */
export function isSameServerConfig(a: ServerConfig, b: ServerConfig): boolean {
  return canonical(a) === canonical(b);
}

function canonical(config: ServerConfig): string {
  const sorted = (record: Record<string, unknown> | undefined): Array<[string, unknown]> =>
    Object.entries(record ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return JSON.stringify([config.model ?? null, sorted(config.flags), sorted(config.env), config.extraArgs ?? [], sorted(config.container)]);
}

/**
 * Writes `next` as llama-server arguments the way the user wrote the configuration it came from
 * (`origins`, from parseServerConfig): a flag set by a `LLAMA_ARG_*` variable stays one, a flag
 * keeps the spelling it had (`-np` or `--parallel`), and a new flag takes the spelling most of
 * theirs use. So a diff shows the values that changed, not a respelling.
 */
export function writeServerArgsLike(next: ServerConfig, origins: Readonly<Record<string, FieldOrigin>>): ServerArgs {
  const written = writeServerArgs(next, { asEnv: (key) => origins[key]?.from === 'env', spelling: majoritySpelling(origins) });
  const argv = tokenizeLlamaArgs(written.argv).flatMap((token) => {
    if (token.kind !== 'flag' || token.inline) return [...token.words];
    const origin = origins[token.flag.key];
    const sameForm = [token.flag.names, token.flag.negNames ?? []].find((names) => names.includes(token.spelling)) ?? [];
    const spelling = origin?.from === 'argv' && sameForm.includes(origin.spelling) ? origin.spelling : token.spelling;
    return [spelling, ...token.words.slice(1)];
  });
  return { argv, env: written.env };
}

function majoritySpelling(origins: Readonly<Record<string, FieldOrigin>>): 'short' | 'long' {
  const spellings = Object.values(origins).flatMap((origin) => (origin.from === 'argv' ? [origin.spelling] : []));
  const shortCount = spellings.filter((spelling) => !spelling.startsWith('--')).length;
  return shortCount * 2 >= spellings.length && spellings.length > 0 ? 'short' : 'long';
}
