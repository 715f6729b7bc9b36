import { AppError } from '../../../src-shared/errors';
import { quoteArgv, shScriptArgv } from './argv';
import { execText, type HostSession } from './host-session';

// Exit 3 = "no such file", so a missing file is a value (null), not an error.
const readScript = 'if [ -e "$1" ]; then exec cat -- "$1"; else exit 3; fi';

// $1 path, $2 `write` or `remove`, $3 content, $4 commands (quoteArgv words joined by &&).
// Written beside the target and renamed over it, so a reader never sees half a file.
const putScript = [
  'set -e',
  'if [ "$2" = remove ]; then rm -f -- "$1"; else',
  '  mkdir -p -- "$(dirname -- "$1")"',
  '  printf %s "$3" > "$1.llmwb-tmp"',
  '  mv -f -- "$1.llmwb-tmp" "$1"',
  'fi',
  'eval "$4"',
].join('\n');

/** A file's content on the host, or null when it does not exist. */
export async function readHostFile(host: HostSession, path: string): Promise<string | null> {
  const result = await host.exec(shScriptArgv(readScript, 'llmwb-read', [path]));
  if (result.exitCode === 3) return null;
  if (result.exitCode === 0) return result.stdout;
  throw new AppError('remote_command_failed', `Could not read ${path} on ${host.label}: ${result.stderr.trim()}`, { details: { path } });
}

/** What `putFileArgv` leaves at `path`: this content, or no file at all. */
export interface FilePut {
  path: string;
  content: string | null;
  /** Commands run after the file is in place, in order, each only if the one before succeeded. */
  then?: ReadonlyArray<readonly string[]>;
}

/**
 * The argv of one self-contained host command that writes (atomically, creating its folder) or
 * removes a file, then runs the given commands. The script is a constant; the path, the content
 * and the commands reach it as positional parameters (the commands as `quoteArgv` words, which
 * `eval` reads back as exactly those argv), so it can be handed to a dead-man timer as it is.
 */
export function putFileArgv(put: FilePut): string[] {
  const commands = (put.then ?? []).map((argv) => quoteArgv(argv)).join(' && ');
  return shScriptArgv(putScript, 'llmwb-put-file', [put.path, put.content === null ? 'remove' : 'write', put.content ?? '', commands]);
}

/** Writes (or removes) a file on the host, then runs `then`; rejects naming the host when any step fails. */
export async function putHostFile(host: HostSession, put: FilePut): Promise<void> {
  await execText(host, putFileArgv(put));
}
