import type { CpuBusyShare } from '../../../src-shared/schemas/telemetry-sample';
import { cannotRead } from './cannot-read';

/** Cumulative CPU time of one CPU in USER_HZ ticks (guest time is already inside user/nice). */
export interface CpuTicks {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export interface ProcStat {
  total: CpuTicks;
  /** Online CPUs only: offline ones have no line, so ids can skip. */
  cpus: Array<{ id: number; ticks: CpuTicks }>;
  procsRunning: number | null;
  procsBlocked: number | null;
}

const tickNames = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

function parseTicks(fields: readonly string[]): CpuTicks | null {
  // Old kernels print fewer than ten columns; four (user nice system idle) is the minimum.
  if (fields.length < 4 || !fields.every((field) => /^\d+$/.test(field))) return null;
  const at = (index: number): number => Number(fields[index] ?? '0');
  return { user: at(0), nice: at(1), system: at(2), idle: at(3), iowait: at(4), irq: at(5), softirq: at(6), steal: at(7) };
}

/**
 * Reads `/proc/stat` (proc.rst): the `cpu` total line, one `cpuN` line per online CPU, and
 * `procs_running` / `procs_blocked`. Throws `cannot read /proc/stat output` when the total
 * line is missing or a cpu line is malformed.
 */
export function parseProcStat(text: string): ProcStat {
  let total: CpuTicks | null = null;
  const cpus: ProcStat['cpus'] = [];
  let procsRunning: number | null = null;
  let procsBlocked: number | null = null;
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const name = fields[0] ?? '';
    if (name === 'cpu' || /^cpu\d+$/.test(name)) {
      const ticks = parseTicks(fields.slice(1));
      if (ticks === null) throw cannotRead('/proc/stat', text, `malformed ${name} line`);
      if (name === 'cpu') total = ticks;
      else cpus.push({ id: Number(name.slice(3)), ticks });
    } else if (name === 'procs_running') procsRunning = Number(fields[1]);
    else if (name === 'procs_blocked') procsBlocked = Number(fields[1]);
  }
  if (total === null) throw cannotRead('/proc/stat', text, 'no "cpu" total line');
  return { total, cpus, procsRunning: safeCount(procsRunning), procsBlocked: safeCount(procsBlocked) };
}

function safeCount(value: number | null): number | null {
  return value !== null && Number.isInteger(value) && value >= 0 ? value : null;
}

const sumTicks = (ticks: CpuTicks): number => tickNames.reduce((sum, name) => sum + ticks[name], 0);

/**
 * Busy share between two readings of one CPU: busy = 1 − Δ(idle + iowait) / Δtotal (iowait
 * counts as idle: proc.rst calls it unreliable per CPU). Null when no time passed or a
 * counter went backwards (CPU hot-plugged), so a bad interval is dropped, not invented.
 */
export function cpuBusyBetween(before: CpuTicks, after: CpuTicks): CpuBusyShare | null {
  const delta = { ...after };
  for (const name of tickNames) delta[name] = after[name] - before[name];
  if (tickNames.some((name) => delta[name] < 0)) return null;
  const total = sumTicks(delta);
  if (total <= 0) return null;
  const pct = (ticks: number): number => Math.min(100, Math.max(0, (ticks / total) * 100));
  return {
    busyPct: pct(total - delta.idle - delta.iowait),
    userPct: pct(delta.user + delta.nice),
    systemPct: pct(delta.system + delta.irq + delta.softirq),
    iowaitPct: pct(delta.iowait),
    stealPct: pct(delta.steal),
  };
}
