import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reads a file of test/fixtures/host (see its README for where each came from). */
export function hostFixture(name: string): string {
  return readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'host', name), 'utf8');
}
