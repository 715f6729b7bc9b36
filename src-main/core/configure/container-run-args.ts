import type { ContainerCpuLimits } from '../../../src-shared/schemas/server-config';

/** One option of `docker run` / `podman run` as written: its name, its value (null for a switch), its words. */
export interface RunOption {
  name: string;
  value: string | null;
  words: string[];
}

/** A `docker run` / `podman run` command line cut where the runtime's part ends and the server's starts. */
export interface ContainerRunLine {
  /** The runtime, its global options and `run` (or `container run`). */
  head: string[];
  /** The options of `run`, before the image. */
  options: RunOption[];
  image: string;
  /** Words after the image that name the program to run (`/app/llama-server`), usually none. */
  command: string[];
  /** llama-server's arguments. */
  serverArgs: string[];
}

// Options of docker/podman run that take no value (`--rm`, `-d`); every other option takes one.
const switches = new Set([
  '--rm', '--detach', '--interactive', '--tty', '--privileged', '--init', '--read-only', '--read-only-tmpfs', '--replace',
  '--publish-all', '--quiet', '--no-healthcheck', '--no-hosts', '--oom-kill-disable', '--sig-proxy', '--rmi', '--env-host',
  '--http-proxy', '--tls-verify', '--disable-content-trust', '--passwd', '--help',
]);
const shortSwitches = new Set(['d', 'i', 't', 'P', 'q']);
const runtimes = new Set(['docker', 'podman']);

/**
 * Reads `[…/]podman|docker [global options] [container] run [options] IMAGE [program] [server args]`.
 * Returns null for any other command line. The server's arguments start at the first word after
 * the image that begins with `-`; words before it are the program given to the image.
 */
export function splitContainerRun(argv: readonly string[]): ContainerRunLine | null {
  const runtime = (argv[0] ?? '').split('/').pop() ?? '';
  const runAt = argv.indexOf('run');
  if (!runtimes.has(runtime) || runAt < 1) return null;
  const { options, next } = readRunOptions(argv, runAt + 1);
  const image = argv[next];
  if (image === undefined) return null;
  const rest = argv.slice(next + 1);
  const firstFlag = rest.findIndex((word) => word.startsWith('-'));
  const cut = firstFlag === -1 ? rest.length : firstFlag;
  return { head: argv.slice(0, runAt + 1), options, image, command: rest.slice(0, cut), serverArgs: rest.slice(cut) };
}

function readRunOptions(argv: readonly string[], start: number): { options: RunOption[]; next: number } {
  const options: RunOption[] = [];
  let index = start;
  while (index < argv.length) {
    const word = argv[index] ?? '';
    if (word === '--') return { options, next: index + 1 };
    if (!word.startsWith('-') || word === '-') break;
    const option = readOneOption(word, argv[index + 1]);
    options.push(option);
    index += option.words.length;
  }
  return { options, next: index };
}

function readOneOption(word: string, following: string | undefined): RunOption {
  if (word.startsWith('--')) {
    const equals = word.indexOf('=');
    if (equals > 0) return { name: word.slice(0, equals), value: word.slice(equals + 1), words: [word] };
    if (switches.has(word) || following === undefined) return { name: word, value: null, words: [word] };
    return { name: word, value: following, words: [word, following] };
  }
  // A group of short options (`-dit`), the last of which may take a value (`-p8080:80`, `-e X=1`).
  const valueAt = [...word.slice(1)].findIndex((char) => !shortSwitches.has(char)) + 1;
  if (valueAt === 0) return { name: word, value: null, words: [word] };
  const name = word.slice(0, valueAt + 1);
  const attached = word.slice(valueAt + 1).replace(/^=/, '');
  if (attached !== '') return { name, value: attached, words: [word] };
  return following === undefined ? { name, value: null, words: [word] } : { name, value: following, words: [word, following] };
}

/** Writes a ContainerRunLine back as argv. */
export function joinContainerRun(line: ContainerRunLine): string[] {
  return [...line.head, ...line.options.flatMap((option) => option.words), line.image, ...line.command, ...line.serverArgs];
}

const cpusNames = new Set(['--cpus']);
const cpusetNames = new Set(['--cpuset-cpus']);

/** The `--cpus` and `--cpuset-cpus` of a run line's options (absent ones left out). */
export function readCpuOptions(options: readonly RunOption[]): ContainerCpuLimits {
  const limits: ContainerCpuLimits = {};
  for (const option of options) {
    if (cpusNames.has(option.name) && option.value !== null && Number(option.value) > 0) limits.cpus = Number(option.value);
    if (cpusetNames.has(option.name) && option.value !== null && option.value !== '') limits.cpusetCpus = option.value;
  }
  return limits;
}

/**
 * The options with `--cpus` / `--cpuset-cpus` set to `limits`: an existing option keeps its
 * place with its new value, a new one goes last, a limit left out is removed. `undefined` keeps
 * the options as they are.
 */
export function withCpuOptions(options: readonly RunOption[], limits: ContainerCpuLimits | undefined): RunOption[] {
  if (limits === undefined) return [...options];
  const wanted: Array<[string, string | undefined]> = [
    ['--cpus', limits.cpus === undefined ? undefined : String(limits.cpus)],
    ['--cpuset-cpus', limits.cpusetCpus],
  ];
  let result = [...options];
  for (const [name, value] of wanted) {
    const present = result.some((option) => option.name === name);
    if (value === undefined) result = result.filter((option) => option.name !== name);
    else if (present) result = result.map((option) => (option.name === name ? { name, value, words: [name, value] } : option));
    else result.push({ name, value, words: [name, value] });
  }
  return result;
}

const envNames = new Set(['-e', '--env']);

/** `NAME=value` environment options of a run line (`-e NAME` alone passes the host's value through and is not read). */
export function readEnvOptions(options: readonly RunOption[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const option of options) {
    const equals = option.value?.indexOf('=') ?? -1;
    if (envNames.has(option.name) && option.value !== null && equals > 0) env[option.value.slice(0, equals)] = option.value.slice(equals + 1);
  }
  return env;
}

/** The options with their `NAME=value` environment options replaced by `env` (`--env NAME=value`, last). */
export function withEnvOptions(options: readonly RunOption[], env: Readonly<Record<string, string>>): RunOption[] {
  const kept = options.filter((option) => !(envNames.has(option.name) && (option.value?.indexOf('=') ?? -1) > 0));
  const added = Object.entries(env).map(([name, value]) => ({ name: '--env', value: `${name}=${value}`, words: ['--env', `${name}=${value}`] }));
  return [...kept, ...added];
}
