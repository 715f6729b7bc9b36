import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU accounting from /proc for the bench: the whole machine's busy share, and named
 * processes' share, over one measurement. On a shared 2-core machine this is what tells "the
 * client was slow" from "the machine was busy with something else".
 */
const ticksPerS = 100;

function machineJiffies(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/** utime + stime of a process (all its threads), in clock ticks; 0 when it is gone. */
function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Children of `pid` (nginx's worker processes, say). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export interface CpuShare {
  /** Busy share of all cores (0..1). */
  machine: number;
  /** Each named group's share of all cores (0..1). */
  groups: Record<string, number>;
  /** Busy share not in any group: other people's work on the machine. */
  others: number;
}

/** Starts measuring; the returned function ends the measurement. Groups are lists of pids, read at both ends. */
export function startCpuMeter(groups: Record<string, () => number[]>, cores: number): () => CpuShare {
  const machineStart = machineJiffies();
  const startMs = performance.now();
  const startTicks = Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, new Map(pids().map((pid) => [pid, processTicks(pid)]))]));
  return () => {
    const machineEnd = machineJiffies();
    const wallS = (performance.now() - startMs) / 1000;
    const machine = (machineEnd.busy - machineStart.busy) / Math.max(1, machineEnd.total - machineStart.total);
    const shares: Record<string, number> = {};
    for (const [name, pids] of Object.entries(groups)) {
      const before = startTicks[name]!;
      const ticks = pids().reduce((sum, pid) => sum + processTicks(pid) - (before.get(pid) ?? 0), 0);
      shares[name] = ticks / ticksPerS / wallS / cores;
    }
    const ours = Object.values(shares).reduce((sum, value) => sum + value, 0);
    return { machine, groups: shares, others: Math.max(0, machine - ours) };
  };
}

export function describeCpu(share: CpuShare): string {
  const percent = (value: number): string => `${Math.round(value * 100)}%`;
  const groups = Object.entries(share.groups).map(([name, value]) => `${name} ${percent(value)}`).join(', ');
  return `machine ${percent(share.machine)} busy (${groups}, other processes ${percent(share.others)})`;
}
