import { cannotRead } from './cannot-read';
import { readAmdgpuSysfs, type AmdgpuSysfsReading } from './parse-amdgpu-sysfs';
import { parseDiskstats, parseNetDev, type DiskCounters, type NetCounters } from './parse-proc-io';
import { parseLoadavg, parseMeminfo, parsePidStat, parseUptimeMs, type Loadavg, type Meminfo, type PidStat } from './parse-proc-files';
import { parseProcStat, type ProcStat } from './parse-proc-stat';
import { sectionText, splitTailLines } from './tail-sections';

/** The sampler's first line: who it is and the units of its tick counts. */
export interface SamplerHello {
  samplerPid: number;
  ticksPerS: number;
  pageSizeBytes: number;
}

/** Reads `@@hello 1 <pid> <CLK_TCK> <page size>`; null for any other line. */
export function parseSamplerHello(line: string): SamplerHello | null {
  const match = /^@@hello 1 (\d+) (\d+) (\d+)$/.exec(line.trim());
  if (match === null) return null;
  const [samplerPid, ticksPerS, pageSizeBytes] = match.slice(1).map(Number) as [number, number, number];
  if (samplerPid <= 0 || ticksPerS <= 0 || pageSizeBytes <= 0) return null;
  return { samplerPid, ticksPerS, pageSizeBytes };
}

/** Everything one sampler record held, parsed. Cumulative counters; rates come from two of these. */
export interface HostSnapshot {
  /** Host milliseconds since boot when the record was read (its monotonic clock). */
  uptimeMs: number;
  stat: ProcStat;
  meminfo: Meminfo;
  loadavg: Loadavg | null;
  net: NetCounters[] | null;
  disks: DiskCounters[] | null;
  server: PidStat | null;
  sampler: PidStat | null;
  amdgpus: AmdgpuSysfsReading[];
}

function optional<T>(text: string | null, parse: (text: string) => T): T | null {
  if (text === null) return null;
  try {
    return parse(text);
  } catch {
    // An optional file in an unknown shape costs its own figure, not the whole sample.
    return null;
  }
}

/**
 * Parses the lines of one `@@begin … @@end` record (a `tail -n +1` dump). /proc/uptime,
 * /proc/stat and /proc/meminfo are required (throws `cannot read …` naming the file or the
 * sampler); everything else is optional and null when absent or unreadable.
 */
export function parseSamplerRecord(lines: readonly string[], pids: { samplerPid: number | null; serverPid: number | null }): HostSnapshot {
  const sections = splitTailLines(lines);
  const required = (name: string): string => {
    const found = sectionText(sections, name);
    if (found === null) throw cannotRead('telemetry sampler', lines.join('\n'), `no ${name} in the record`);
    return found;
  };
  const pidStat = (pid: number | null): PidStat | null => (pid === null ? null : optional(sectionText(sections, `/proc/${pid}/stat`), parsePidStat));
  return {
    uptimeMs: parseUptimeMs(required('/proc/uptime')),
    stat: parseProcStat(required('/proc/stat')),
    meminfo: parseMeminfo(required('/proc/meminfo')),
    loadavg: optional(sectionText(sections, '/proc/loadavg'), parseLoadavg),
    net: optional(sectionText(sections, '/proc/net/dev'), parseNetDev),
    disks: optional(sectionText(sections, '/proc/diskstats'), parseDiskstats),
    server: pidStat(pids.serverPid),
    sampler: pidStat(pids.samplerPid),
    amdgpus: readAmdgpuSysfs(sections),
  };
}
