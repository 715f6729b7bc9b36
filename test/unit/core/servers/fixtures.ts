import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..', 'fixtures', 'servers');

/** A file of test/fixtures/servers (see its README for where each came from). */
export function serverFixture(name: string): string {
  return readFileSync(join(root, name), 'utf8');
}

/** The body of a raw HTTP capture (status line and headers, CRLF, blank line, body). */
export function httpBody(name: string): string {
  const text = serverFixture(name);
  const start = text.indexOf('\r\n\r\n');
  return start === -1 ? text : text.slice(start + 4);
}

/** Every fixture whose name matches, for "reads every fixture" tests. */
export function serverFixturesMatching(pattern: RegExp): string[] {
  const top = readdirSync(root).filter((name) => pattern.test(name));
  const captured = readdirSync(join(root, 'captured')).filter((name) => pattern.test(name)).map((name) => join('captured', name));
  return [...top, ...captured];
}
