import { chmod, copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** test/fixtures/llama-bench, where the captured outputs the fake prints come from. */
export const benchFixtures = fileURLToPath(new URL('../fixtures/llama-bench/', import.meta.url));

export interface FakeBenchOptions {
  /** JSON Lines printed one line at a time (a captured llama-bench -o jsonl output). */
  jsonlFixture: string;
  /** How many of its lines to print. */
  lines: number;
  /** Seconds between lines; a unique value lets `pgrep -f "sleep <pause>"` find the fake's children. */
  pauseS: string;
  /** Instead of results: print this stderr fixture and exit 1. */
  failWith?: string;
  /** Behave like a build without --progress: refuse it the way llama-bench refuses an argument. */
  refuseProgress?: boolean;
}

/**
 * Writes an executable `llama-bench` into `dir` that behaves like the real one on the host: it
 * records its argv, prints a `--progress` line on stderr per step and one captured JSON Lines
 * result per test on stdout, with a pause (a child `sleep`, as a slow test would take) between
 * them, or fails with captured error text and exit 1. The real binary cannot be built in CI.
 */
export async function writeFakeBench(dir: string, options: FakeBenchOptions): Promise<string> {
  const data = join(dir, 'results.jsonl');
  await copyFile(join(benchFixtures, options.jsonlFixture), data);
  const failure = options.failWith === undefined ? '' : join(dir, 'failure.stderr.txt');
  if (options.failWith !== undefined) await copyFile(join(benchFixtures, options.failWith), failure);
  const path = join(dir, 'llama-bench');
  await writeFile(path, fakeScript({ dir, data, failure, options }));
  await chmod(path, 0o755);
  return path;
}

function fakeScript(context: { dir: string; data: string; failure: string; options: FakeBenchOptions }): string {
  const { dir, data, failure, options } = context;
  return `#!/bin/sh
printf '%s\\n' "$@" > '${dir}/argv.txt'
echo $$ > '${dir}/pid.txt'
${options.refuseProgress ? `for a in "$@"; do if [ "$a" = --progress ]; then echo "error: invalid parameter for argument: --progress" >&2; exit 1; fi; done` : ''}
${failure ? `sleep 0.2; cat '${failure}' >&2; exit 1` : ''}
progress=0; for a in "$@"; do [ "$a" = --progress ] && progress=1; done
total=${options.lines}; i=0
head -n ${options.lines} '${data}' | while IFS= read -r line; do
  i=$((i + 1))
  [ $progress = 1 ] && echo "llama-bench: benchmark $i/$total: starting" >&2
  sleep ${options.pauseS}
  [ $progress = 1 ] && echo "llama-bench: benchmark $i/$total: prompt run 1/1" >&2
  printf '%s\\n' "$line"
done
`;
}

/** A stand-in llama-server: a copy of sleep under that name, so pgrep -x and /proc/PID/exe see it as one. */
export async function writeFakeServer(dir: string): Promise<string> {
  const path = join(dir, 'llama-server');
  await copyFile('/bin/sleep', path);
  await chmod(path, 0o755);
  return path;
}
