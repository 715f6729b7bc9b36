import { cannotRead } from './cannot-read';

export interface Meminfo {
  totalBytes: number;
  availableBytes: number;
  swapTotalBytes: number;
  swapFreeBytes: number;
}

/**
 * Reads `/proc/meminfo` (values in kB = KiB). Kernels before 3.14 lack MemAvailable; then
 * MemFree + Buffers + Cached stands in, which overstates it a little but never invents memory.
 */
export function parseMeminfo(text: string): Meminfo {
  const kib = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z0-9_()]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) kib.set(match[1], Number(match[2]));
  }
  const total = kib.get('MemTotal');
  if (total === undefined) throw cannotRead('/proc/meminfo', text, 'no MemTotal line');
  const available = kib.get('MemAvailable') ?? (kib.get('MemFree') ?? 0) + (kib.get('Buffers') ?? 0) + (kib.get('Cached') ?? 0);
  return {
    totalBytes: total * 1024,
    availableBytes: Math.min(available, total) * 1024,
    swapTotalBytes: (kib.get('SwapTotal') ?? 0) * 1024,
    swapFreeBytes: (kib.get('SwapFree') ?? 0) * 1024,
  };
}

export interface Loadavg {
  avg1: number;
  avg5: number;
  avg15: number;
  runnable: number;
  tasks: number;
}

/** Reads `/proc/loadavg`: `0.20 0.27 0.12 1/234 5678`. */
export function parseLoadavg(text: string): Loadavg {
  const match = /^\s*(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+)\/(\d+)/.exec(text);
  if (match === null) throw cannotRead('/proc/loadavg', text, 'expected "avg1 avg5 avg15 runnable/tasks last-pid"');
  const [, avg1, avg5, avg15, runnable, tasks] = match.map(Number) as [number, number, number, number, number, number];
  return { avg1, avg5, avg15, runnable, tasks };
}

/** Reads `/proc/uptime` into milliseconds since boot (the host's monotonic clock, 10 ms steps). */
export function parseUptimeMs(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s+\d+(?:\.\d+)?\s*$/.exec(text);
  if (match?.[1] === undefined) throw cannotRead('/proc/uptime', text, 'expected "seconds idle-seconds"');
  return Number(match[1]) * 1000;
}

/** The fields of `/proc/<pid>/stat` the workbench uses. Times in USER_HZ ticks. */
export interface PidStat {
  pid: number;
  comm: string;
  state: string;
  utimeTicks: number;
  stimeTicks: number;
  /** CPU time of children already waited for (a shell loop's `tail` and `sleep`). */
  childUtimeTicks: number;
  childStimeTicks: number;
  threads: number;
  rssPages: number;
}

/**
 * Reads `/proc/<pid>/stat`. The command name sits in parentheses and may itself hold spaces
 * and `)`, so fields are counted from the last `)` (proc.rst field numbers in comments).
 */
export function parsePidStat(text: string): PidStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const pid = Number(text.slice(0, open).trim());
  if (open === -1 || close < open || !Number.isInteger(pid) || pid <= 0) {
    throw cannotRead('/proc/<pid>/stat', text, 'expected "pid (comm) state …"');
  }
  const rest = text.slice(close + 2).trim().split(/\s+/);
  // rest[0] is field 3 (state); field N is rest[N - 3].
  const field = (n: number): number => Number(rest[n - 3]);
  const values = [field(14), field(15), field(16), field(17), field(20), field(24)];
  if (values.some((value) => !Number.isFinite(value))) throw cannotRead('/proc/<pid>/stat', text, 'too few fields');
  const [utimeTicks, stimeTicks, childUtimeTicks, childStimeTicks, threads, rssPages] = values as [number, number, number, number, number, number];
  return { pid, comm: text.slice(open + 1, close), state: rest[0] ?? '?', utimeTicks, stimeTicks, childUtimeTicks, childStimeTicks, threads, rssPages };
}
