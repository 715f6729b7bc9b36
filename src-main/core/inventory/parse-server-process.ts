import type { ServerFlag, ServerInventory } from '../../../src-shared/schemas/inventory';
import { findFlag, flagByKey } from '../../../src-shared/llama/flag-catalog';
import { cannotRead } from '../telemetry/cannot-read';
import { sectionText, splitTailSections } from '../telemetry/tail-sections';
import { containerFromCgroup } from './parse-cgroup';
import { countCpuList } from './cpu-list';

const secretName = /key|token|secret|password|passwd/i;
const negativeNumber = /^-\d+(\.\d+)?$/;

/**
 * Splits a server's argv into flags. Arity comes from the llama-server flag catalog
 * (src-shared/llama): a toggle takes no value, a known flag takes the next word whatever it
 * looks like. An unknown flag (a newer build, another server) takes the next word only if
 * it is not itself a flag (negative numbers are values). `--name=value` is split.
 */
export function splitServerFlags(args: readonly string[]): ServerFlag[] {
  const flags: ServerFlag[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (!arg.startsWith('-') || arg === '-' || negativeNumber.test(arg)) continue;
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (equals > 0) {
      flags.push({ name: arg.slice(0, equals), value: arg.slice(equals + 1) });
      continue;
    }
    const known = findFlag(arg);
    const next = args[index + 1];
    const takesNext = known !== undefined ? known.type !== 'toggle' : next !== undefined && (!next.startsWith('-') || negativeNumber.test(next));
    if (takesNext && next !== undefined) {
      flags.push({ name: arg, value: next });
      index += 1;
    } else flags.push({ name: arg, value: null });
  }
  return flags;
}

function isSecretFlag(name: string): boolean {
  return findFlag(name)?.key === 'apiKey' || secretName.test(name);
}

/** Replaces secret values (`--api-key sk-…`) in argv and flags with `***`. */
function redact(argv: readonly string[], flags: readonly ServerFlag[]): { argv: string[]; flags: ServerFlag[] } {
  const clean = argv.map((arg, index) => {
    const previous = argv[index - 1];
    if (previous !== undefined && isSecretFlag(previous) && !arg.startsWith('-')) return '***';
    const equals = arg.indexOf('=');
    return arg.startsWith('--') && equals > 0 && isSecretFlag(arg.slice(0, equals)) ? `${arg.slice(0, equals)}=***` : arg;
  });
  return { argv: clean, flags: flags.map((flag) => (isSecretFlag(flag.name) && flag.value !== null ? { ...flag, value: '***' } : flag)) };
}

/** The last value given for a catalog key on the command line, else its LLAMA_ARG_* variable. */
function intFlag(flags: readonly ServerFlag[], env: ReadonlyMap<string, string>, key: string): number | null {
  const spec = flagByKey(key);
  if (spec === undefined) return null;
  const given = [...flags].reverse().find((flag) => spec.names.includes(flag.name))?.value ?? (spec.env === undefined ? undefined : env.get(spec.env));
  if (given === undefined || given === null || !/^-?\d+$/.test(given.trim())) return null;
  const value = Number(given);
  // -1 (and 0) mean "llama.cpp picks": the same as not setting it.
  return value > 0 ? value : null;
}

/**
 * Reads processScript output for a server process: argv from /proc/<pid>/cmdline (NUL
 * separated), OS threads and allowed CPUs from /proc/<pid>/status, LLAMA_ARG_* variables,
 * and the container id from its cgroup. Secret values are redacted before anything leaves
 * this function. Throws `cannot read llama-server process output` without cmdline/status.
 */
export function parseServerProcess(text: string, pid: number): ServerInventory {
  const sections = splitTailSections(text);
  const cmdline = sectionText(sections, `/proc/${pid}/cmdline`);
  const status = sectionText(sections, `/proc/${pid}/status`);
  if (cmdline === null || status === null || cmdline === '') {
    throw cannotRead('llama-server process', text, `no /proc/${pid}/cmdline or status (did it exit?)`);
  }
  const rawArgv = cmdline.split('\0').filter((arg, index, all) => !(arg === '' && index === all.length - 1));
  const env = new Map(
    (sectionText(sections, `/proc/${pid}/environ LLAMA_ARG`) ?? '')
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as [string, string])
      .filter(([name]) => name.startsWith('LLAMA_ARG_')),
  );
  const flags = splitServerFlags(rawArgv.slice(1));
  const redacted = redact(rawArgv, flags);
  const allowedCpus = /^Cpus_allowed_list:\s*(\S*)/m.exec(status)?.[1] ?? '';
  return {
    pid,
    executable: rawArgv[0] ?? '',
    argv: redacted.argv,
    flags: redacted.flags,
    threadsFlag: intFlag(flags, env, 'threads'),
    batchThreadsFlag: intFlag(flags, env, 'threadsBatch'),
    osThreads: Number(/^Threads:\s*(\d+)/m.exec(status)?.[1] ?? '0'),
    allowedCpus,
    allowedCpuCount: countCpuList(allowedCpus) ?? 0,
    containerId: containerFromCgroup(sectionText(sections, `/proc/${pid}/cgroup`) ?? '')?.id ?? null,
  };
}
