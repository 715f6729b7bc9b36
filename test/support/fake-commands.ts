import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostSession } from '../../src-main/core/hosts/host-session';

/** What a fake command says when its arguments start with `args`. */
export interface FakeAnswer {
  args: string[];
  stdout?: string;
  stderr?: string;
  exitCode?: number;
}

// Runs as the fake: records its argv, then answers with the first rule whose args are a prefix
// of its own. A call no rule covers fails loudly (exit 97), so a test never passes by accident.
const fakeSource = (binDir: string, name: string): string => `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(join(binDir, 'calls.jsonl'))}, JSON.stringify([${JSON.stringify(name)}, ...args]) + '\\n');
const answers = JSON.parse(fs.readFileSync(${JSON.stringify(join(binDir, `${name}.answers.json`))}, 'utf8'));
const answer = answers.find((rule) => rule.args.every((word, index) => args[index] === word));
if (answer === undefined) {
  process.stderr.write('fake ${name}: no answer for ' + JSON.stringify(args) + '\\n');
  process.exit(97);
}
process.stdout.write(answer.stdout ?? '');
process.stderr.write(answer.stderr ?? '');
process.exit(answer.exitCode ?? 0);
`;

/**
 * Installs a recording fake of `name` (systemctl, docker, podman …) in `binDir`: an executable
 * that appends its argv to `binDir/calls.jsonl` and answers from `answers`. Installing again
 * replaces the answers (a host whose state changed).
 */
export async function installFakeCommand(binDir: string, name: string, answers: readonly FakeAnswer[]): Promise<void> {
  await writeFile(join(binDir, `${name}.answers.json`), JSON.stringify(answers));
  const path = join(binDir, name);
  await writeFile(path, fakeSource(binDir, name));
  await chmod(path, 0o755);
}

/** Every call the fakes in `binDir` received, oldest first: `[name, ...args]`. */
export async function recordedCalls(binDir: string): Promise<string[][]> {
  const text = await readFile(join(binDir, 'calls.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as string[]);
}

/**
 * A HostSession that runs every command of `host` with `binDir` first on PATH (and `env` set),
 * through `env`, so the fakes answer while everything else (sh, cat, mv) is the real thing.
 */
export function withFakesOnPath(host: HostSession, binDir: string, env: Readonly<Record<string, string>> = {}): HostSession {
  const prefix = ['env', '-u', 'XDG_CONFIG_HOME', `PATH=${binDir}:${process.env.PATH ?? '/usr/bin:/bin'}`, ...Object.entries(env).map(([name, value]) => `${name}=${value}`)];
  return {
    label: host.label,
    exec: (argv, options) => host.exec([...prefix, ...argv], options),
    stream: (argv, handlers) => host.stream([...prefix, ...argv], handlers),
    state: () => host.state(),
    onState: (listener) => host.onState(listener),
    close: () => host.close(),
  };
}
