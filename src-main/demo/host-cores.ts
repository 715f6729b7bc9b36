import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * Physical cores of this machine, counted the way llama.cpp's `common_cpu_get_num_math` does:
 * distinct `thread_siblings` sets under /sys. It ignores cgroup quotas on purpose, as llama.cpp
 * does, so the demo's default -t makes the same choice a real server would here. Falls back to
 * the logical CPU count where /sys is not readable.
 */
export function physicalCoreCount(): number {
  try {
    const base = '/sys/devices/system/cpu';
    const siblingSets = new Set<string>();
    for (const entry of readdirSync(base)) {
      if (!/^cpu\d+$/.test(entry)) continue;
      try {
        siblingSets.add(readFileSync(`${base}/${entry}/topology/thread_siblings`, 'utf8').trim());
      } catch {
        // An offline CPU has no topology folder; it is not a core llama.cpp would use either.
      }
    }
    if (siblingSets.size > 0) return siblingSets.size;
  } catch {
    // No /sys (macOS, Windows, a sandbox): fall through to the logical count.
  }
  return logicalCpuCount();
}

/** Logical CPUs, as `std::thread::hardware_concurrency()` reports them. */
export function logicalCpuCount(): number {
  return Math.max(1, cpus().length);
}
