import type { ConfigProblem, ConfigRule, ValidationContext } from './config-problem';
import { isGiven, numberFlag, spellingOf, type ConfigFlags } from './config-values';

/** The threads a pool will run and how that number came about, in words. */
interface ThreadCount {
  readonly key: 'threads' | 'threadsBatch';
  readonly count: number;
  /** `-t 8`, or how llama-server chose the number. */
  readonly said: string;
}

/**
 * The generation and batch thread counts llama-server v0.5.0 will use: `-t` absent = physical
 * cores; `-t` ≤ 0 = every logical CPU (`common/arg.cpp`); `-tb` absent = `-t`, so it is only
 * checked when given. Unknown (null) when the host's CPUs are not known and the flag is not a count.
 */
function threadCounts(config: ConfigFlags, context: ValidationContext): ThreadCount[] {
  const counts: ThreadCount[] = [];
  const t = config.flags['threads'];
  if (typeof t === 'number' && t > 0) counts.push({ key: 'threads', count: t, said: `-t ${t}` });
  else if (typeof t === 'number' && context.cpus !== undefined) counts.push({ key: 'threads', count: context.cpus.logical, said: `-t ${t} (every logical CPU: ${context.cpus.logical})` });
  else if (t === undefined && context.cpus !== undefined) {
    counts.push({ key: 'threads', count: context.cpus.physical, said: `-t unset (llama-server starts one thread per physical core: ${context.cpus.physical}, ignoring CPU limits)` });
  }
  const tb = numberFlag(config, 'threadsBatch');
  if (isGiven(config, 'threadsBatch') && tb !== undefined) {
    const count = tb > 0 ? tb : (context.cpus?.logical ?? 0);
    if (count > 0) counts.push({ key: 'threadsBatch', count, said: tb > 0 ? `-tb ${tb}` : `-tb ${tb} (every logical CPU: ${count})` });
  }
  return counts;
}

/** The CPUs the server process may really use, and what limits them, from the tightest limit. */
function usableCpus(context: ValidationContext): { count: number; why: string } | null {
  const limits: { count: number; why: string }[] = [];
  if (context.cpus?.allowed !== undefined) limits.push({ count: context.cpus.allowed, why: `its CPU affinity allows ${context.cpus.allowed}` });
  const quota = context.cgroup?.quotaCpus;
  if (typeof quota === 'number') limits.push({ count: Math.max(1, Math.floor(quota)), why: `its cgroup quota is ${quota} CPUs` });
  const cpuset = context.cgroup?.cpusetCount;
  if (typeof cpuset === 'number' && cpuset > 0) limits.push({ count: cpuset, why: `its cpuset holds ${cpuset} CPUs` });
  if (limits.length === 0) return null;
  return limits.reduce((tightest, limit) => (limit.count < tightest.count ? limit : tightest));
}

/**
 * Threads beyond the CPUs the process may use oversubscribe them: llama.cpp's threads meet at a
 * barrier after every operation, so all of them wait for whichever one is descheduled or
 * throttled (reference C5/C6). Threads beyond the physical cores only add SMT siblings, which
 * do not help the matrix work (v0.5.0 `common/common.cpp`).
 */
export const threadsRule: ConfigRule = (config, context) => {
  const usable = usableCpus(context);
  return threadCounts(config, context).flatMap((threads): ConfigProblem[] => {
    const flag = spellingOf(threads.key);
    if (usable !== null && threads.count > usable.count) {
      return [{ severity: 'warning', flags: [threads.key], message: `${threads.said} runs ${threads.count} threads, but the server may use only ${usable.count} CPUs (${usable.why}): the threads oversubscribe them and wait on each other at every step. Use ${flag} ${usable.count}.` }];
    }
    const physical = context.cpus?.physical;
    if (physical !== undefined && physical > 0 && threads.count > physical && threads.key === 'threads') {
      return [{ severity: 'warning', flags: [threads.key], message: `${threads.said} runs ${threads.count} threads on ${physical} physical cores: hyperthreads do not help llama.cpp's matrix work and usually slow generation. Try ${flag} ${physical}.` }];
    }
    return [];
  });
};

/** The container options of the launch (`--cpus`, `--cpuset-cpus`) against the thread counts (reference C6). */
export const containerCpusRule: ConfigRule = (config, context) => {
  const container = context.container;
  if (container === undefined) return [];
  return threadCounts(config, context).flatMap((threads): ConfigProblem[] => {
    const flag = spellingOf(threads.key);
    const problems: ConfigProblem[] = [];
    const cpus = container.cpus;
    if (typeof cpus === 'number' && threads.count > Math.max(1, Math.floor(cpus))) {
      const fit = Math.max(1, Math.floor(cpus));
      problems.push({ severity: 'warning', flags: [threads.key], message: `The container runs with --cpus ${cpus} but ${threads.said} starts ${threads.count} threads: the quota throttles them and the slowdown is far larger than ${threads.count}/${cpus}. Use ${flag} ${fit}, or raise --cpus.` });
    }
    const cpuset = container.cpusetCount;
    if (typeof cpuset === 'number' && cpuset > 0 && threads.count > cpuset) {
      problems.push({ severity: 'warning', flags: [threads.key], message: `--cpuset-cpus gives the container ${cpuset} CPUs but ${threads.said} starts ${threads.count} threads: they share those CPUs and wait on each other. Use ${flag} ${cpuset}.` });
    }
    return problems;
  });
};
