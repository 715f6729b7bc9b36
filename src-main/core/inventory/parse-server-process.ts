import type { ServerFlag, ServerInventory } from '../../../src-shared/schemas/inventory';
import { findFlag } from '../../../src-shared/llama/flag-catalog';
import { parseServerConfig } from '../../../src-shared/llama/server-args';
import { tokenizeLlamaArgs } from '../../../src-shared/llama/tokenize-llama-args';
import type { LaunchMethod, RecordedServerConfig, ServerConfig } from '../../../src-shared/schemas/server-config';
import { cannotRead } from '../telemetry/cannot-read';
import { sectionText, splitTailSections } from '../telemetry/tail-sections';
import { containerFromCgroup } from './parse-cgroup';
import { countCpuList } from './cpu-list';

const secretName = /key|token|secret|password|passwd/i;

/**
 * Splits a server's argv into flags as written, by the one llama-server tokenizer
 * (src-shared/llama/tokenize-llama-args.ts): a toggle takes no value, a known flag takes the
 * next word whatever it looks like, an unknown flag (a newer build, another server) takes the
 * next word only if it can only be a value. `--name=value` is split; stray words are left out.
 */
export function splitServerFlags(args: readonly string[]): ServerFlag[] {
  return tokenizeLlamaArgs(args).flatMap((token) => (token.kind === 'stray' ? [] : [{ name: token.spelling, value: token.value ?? null }]));
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

/** -t and -tb as the server reads them; -1 (and 0) mean "llama.cpp picks", the same as not setting it. */
function threadCount(config: ServerConfig, key: 'threads' | 'threadsBatch'): number | null {
  const value = config.flags[key];
  return typeof value === 'number' && value > 0 ? value : null;
}

/** The configuration as the process was started: its command line and LLAMA_ARG_* variables. */
function recordedConfig(argv: readonly string[], env: ReadonlyMap<string, string>, launch: LaunchMethod): RecordedServerConfig {
  const parsed = parseServerConfig(argv.slice(1), { env: Object.fromEntries(env) });
  const note = parsed.problems.length === 0 ? {} : { note: `kept verbatim, not understood: ${parsed.problems.map((problem) => problem.message).join('; ')}` };
  return { source: 'process', readAt: Date.now(), config: { ...parsed.config, launch }, origins: parsed.origins, ...note };
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
  const redacted = redact(rawArgv, splitServerFlags(rawArgv.slice(1)));
  const allowedCpus = /^Cpus_allowed_list:\s*(\S*)/m.exec(status)?.[1] ?? '';
  const containerId = containerFromCgroup(sectionText(sections, `/proc/${pid}/cgroup`) ?? '')?.id ?? null;
  const launch: LaunchMethod = containerId === null ? { kind: 'process', pid, executable: rawArgv[0] ?? '' } : { kind: 'container', containerId };
  // Parsed from the redacted argv, so a secret never reaches the recorded configuration either.
  const recorded = recordedConfig(redacted.argv, env, launch);
  return {
    pid,
    executable: rawArgv[0] ?? '',
    argv: redacted.argv,
    flags: redacted.flags,
    threadsFlag: threadCount(recorded.config ?? { flags: {} }, 'threads'),
    batchThreadsFlag: threadCount(recorded.config ?? { flags: {} }, 'threadsBatch'),
    osThreads: Number(/^Threads:\s*(\d+)/m.exec(status)?.[1] ?? '0'),
    allowedCpus,
    allowedCpuCount: countCpuList(allowedCpus) ?? 0,
    containerId,
    config: recorded,
  };
}
