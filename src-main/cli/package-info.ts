import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root, found from this file so the CLI works from any working directory. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
