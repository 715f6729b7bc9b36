import { cannotRead } from './cannot-read';

export interface NetCounters {
  iface: string;
  rxBytes: number;
  txBytes: number;
}

/** Reads `/proc/net/dev`: two header lines, then `iface: rx-bytes … (8 rx fields) tx-bytes …`. */
export function parseNetDev(text: string): NetCounters[] {
  if (!text.includes('|')) throw cannotRead('/proc/net/dev', text, 'no header line');
  const counters: NetCounters[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon === -1 || line.includes('|')) continue;
    const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (fields.length < 9 || fields.some((value) => !Number.isFinite(value))) continue;
    counters.push({ iface: line.slice(0, colon).trim(), rxBytes: fields[0] ?? 0, txBytes: fields[8] ?? 0 });
  }
  return counters;
}

export interface DiskCounters {
  name: string;
  sectorsRead: number;
  sectorsWritten: number;
}

/** Reads `/proc/diskstats`: `major minor name reads merged sectors-read ms writes merged sectors-written …`. */
export function parseDiskstats(text: string): DiskCounters[] {
  const disks: DiskCounters[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || !/^\d+$/.test(fields[0] ?? '')) continue;
    const sectorsRead = Number(fields[5]);
    const sectorsWritten = Number(fields[9]);
    if (!Number.isFinite(sectorsRead) || !Number.isFinite(sectorsWritten)) continue;
    disks.push({ name: fields[2] ?? '', sectorsRead, sectorsWritten });
  }
  return disks;
}

/**
 * Whole disks only, so a partition's traffic is not counted twice with its disk's: drops
 * loop/ram/zram devices and any name that is another listed name plus a partition suffix
 * (`sda1`, `nvme0n1p2`, `mmcblk0p1`).
 */
export function wholeDisks(disks: readonly DiskCounters[]): DiskCounters[] {
  const names = new Set(disks.map((disk) => disk.name));
  return disks.filter((disk) => {
    if (/^(loop|ram|zram)\d/.test(disk.name)) return false;
    const parent = partitionParent(disk.name);
    return parent === null || !names.has(parent);
  });
}

/**
 * The shortest non-empty prefix before a (p)digits tail: sda1 → sda, nvme0n1p2 → nvme0n1,
 * nvme0n1 → nvme0n (no such disk); null without a digit tail. What `^(.+?)p?\d+$` finds, in one
 * pass from the end: that pattern re-scans the digits for every prefix it tries, quadratic on a long name.
 */
function partitionParent(name: string): string | null {
  let digitsStart = name.length;
  while (digitsStart > 0 && name[digitsStart - 1]! >= '0' && name[digitsStart - 1]! <= '9') digitsStart -= 1;
  if (digitsStart === name.length) return null;
  let cut = digitsStart > 1 && name[digitsStart - 1] === 'p' ? digitsStart - 1 : digitsStart;
  if (cut === 0) cut = 1;
  return cut >= name.length ? null : name.slice(0, cut);
}

/** Counters that must only grow; a drop (reboot, device removal) yields null, not a negative rate. */
export function ratePerS(before: number, after: number, elapsedMs: number): number | null {
  if (elapsedMs <= 0 || after < before) return null;
  return ((after - before) * 1000) / elapsedMs;
}
