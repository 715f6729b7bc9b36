import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { cpuMaxToCpus } from '../../core/inventory/parse-cgroup';

export { cpuMaxToCpus };

/** What bounds the llama engine's compute threads on this machine. */
export interface CpuBudget {
  /** Physical cores (distinct sibling sets under /sys), as llama.cpp counts them. */
  readonly physicalCores: number;
  /** CPUs this process may run on: its affinity mask, capped by a cgroup CPU quota. */
  readonly usableCpus: number;
  /** Where `usableCpus` came from, in words (shown with the thread choice). */
  readonly usableSource: string;
}

export interface ThreadChoice {
  readonly threads: number;
  readonly reason: string;
}

/**
 * Reads the CPUs this process may use. `availableParallelism()` is libuv's count, which reads
 * sched_getaffinity on Linux, so a `taskset` or a container cpuset is already in it; a cgroup
 * quota (`cpu.max`, or v1 `cpu.cfs_quota_us`) caps it further, rounded up to whole CPUs.
 */
export function readUsableCpus(): { count: number; source: string } {
  const affinity = Math.max(1, availableParallelism());
  const quota = readCgroupCpuQuota();
  if (quota !== null && Math.ceil(quota.cpus) < affinity) {
    return { count: Math.max(1, Math.ceil(quota.cpus)), source: `cgroup quota ${quota.cpus.toFixed(2)} CPUs (${quota.file})` };
  }
  const quotaNote = quota === null ? 'no cgroup CPU quota' : `cgroup quota ${quota.cpus.toFixed(2)} CPUs`;
  return { count: affinity, source: `affinity ${affinity} CPU${affinity === 1 ? '' : 's'}, ${quotaNote}` };
}

/**
 * The demo's default -t for the llama engine: every usable physical core but one, and at least one.
 * The demo never runs alone: its own HTTP loop and the workbench's load generator share the machine.
 * ggml's worker threads spin-wait at a barrier after every operation, so when one of them loses
 * its core to another process every other thread waits too; on this project's 2-vCPU machines
 * `-t 2` decoded 5 to 60 times slower than `-t 1` while other tests ran beside it (TOOLCHAIN.md,
 * and test/bench/demo-engine.bench.ts). Leaving a core free keeps decode off that cliff; on a big
 * machine it costs one core of many.
 */
export function defaultLlamaThreads(budget: CpuBudget): ThreadChoice {
  const cores = Math.min(budget.physicalCores, budget.usableCpus);
  const threads = Math.max(1, cores - 1);
  const basis = `${budget.physicalCores} physical core${budget.physicalCores === 1 ? '' : 's'}, ${budget.usableCpus} usable (${budget.usableSource})`;
  const why =
    cores <= 1
      ? 'one core, so one thread'
      : `one core left for the HTTP loop and the load generator beside it: ggml's threads spin at every op's barrier, so a thread that loses its core stalls the rest`;
  return { threads, reason: `default for the llama engine: ${basis} → ${threads}; ${why}` };
}

/** -t as given, or the default; ≤ 0 means every usable CPU, as llama-server's -t -1 means "all". */
export function chooseLlamaThreads(requested: number | undefined, budget: CpuBudget): ThreadChoice {
  if (requested === undefined) return defaultLlamaThreads(budget);
  if (requested <= 0) return { threads: budget.usableCpus, reason: `-t ${requested}: every usable CPU (${budget.usableCpus}, ${budget.usableSource})` };
  const fit =
    requested > budget.usableCpus
      ? `more than the ${budget.usableCpus} usable CPUs: threads will wait on each other, expect it much slower`
      : requested > budget.physicalCores
        ? `more than the ${budget.physicalCores} physical cores: hyperthreads share a core's math units`
        : `within the ${Math.min(budget.physicalCores, budget.usableCpus)} usable physical cores`;
  return { threads: requested, reason: `-t ${requested} given, ${fit}` };
}

interface CgroupQuota {
  readonly cpus: number;
  readonly file: string;
}

/** The process's cgroup CPU quota in CPUs, or null when there is none or it cannot be read. */
export function readCgroupCpuQuota(): CgroupQuota | null {
  const paths = cgroupPaths();
  for (const dir of paths.v2) {
    const text = readText(`/sys/fs/cgroup${dir}/cpu.max`);
    const cpus = text === null ? null : cpuMaxToCpus(text);
    if (cpus !== null) return { cpus, file: `/sys/fs/cgroup${dir}/cpu.max` };
  }
  for (const base of ['/sys/fs/cgroup/cpu', '/sys/fs/cgroup/cpu,cpuacct']) {
    for (const dir of paths.v1) {
      const quota = Number(readText(`${base}${dir}/cpu.cfs_quota_us`) ?? '-1');
      const period = Number(readText(`${base}${dir}/cpu.cfs_period_us`) ?? '100000');
      if (quota > 0 && period > 0) return { cpus: quota / period, file: `${base}${dir}/cpu.cfs_quota_us` };
    }
  }
  return null;
}

/** The process's own cgroup folders (from /proc/self/cgroup), then the root, for each hierarchy. */
function cgroupPaths(): { v2: string[]; v1: string[] } {
  const v2: string[] = [];
  const v1: string[] = [];
  for (const line of (readText('/proc/self/cgroup') ?? '').split('\n')) {
    const [, controllers, path] = line.split(':');
    if (path === undefined || controllers === undefined) continue;
    const dir = path === '/' ? '' : path;
    if (controllers === '') v2.push(dir);
    else if (controllers.split(',').includes('cpu')) v1.push(dir);
  }
  return { v2: [...v2, ''], v1: [...v1, ''] };
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    // Not Linux, no cgroup filesystem, or a hierarchy this process cannot see: no limit from here.
    return null;
  }
}
