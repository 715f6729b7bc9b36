import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** test/fixtures/llama-bench (see its README for where each file came from). */
export const benchFixtureDir = fileURLToPath(new URL('../../../fixtures/llama-bench/', import.meta.url));

/** The text of one llama-bench fixture, by its path under test/fixtures/llama-bench. */
export function readBenchFixture(relativePath: string): string {
  return readFileSync(`${benchFixtureDir}${relativePath}`, 'utf8');
}

/** Every llama-bench output fixture (not the README or the generator script), as relative paths. */
export function allBenchFixtures(): string[] {
  return ['v0.5.0', 'v0.5.0-captured', 'legacy', 'pasted'].flatMap((dir) =>
    readdirSync(`${benchFixtureDir}${dir}`)
      .filter((name) => !name.endsWith('.py'))
      .map((name) => `${dir}/${name}`),
  );
}
