import type { CgroupLimits } from '../../../src-shared/schemas/inventory';
import { cannotRead } from '../telemetry/cannot-read';
import { sectionText, splitTailSections, type TailSection } from '../telemetry/tail-sections';
import { countCpuList } from './cpu-list';

/** A cgroup v1 memory limit at or above 2^62 bytes is the kernel's "unlimited" (PAGE_COUNTER_MAX). */
const v1UnlimitedBytes = 2 ** 62;

type CgroupReading = Omit<CgroupLimits, 'scope'>;

interface FileValue {
  dir: string;
  file: string;
  text: string;
}

function files(sections: readonly TailSection[]): FileValue[] {
  return sections
    .filter((section) => section.name.startsWith('/sys/fs/cgroup'))
    .map((section) => {
      const slash = section.name.lastIndexOf('/');
      return { dir: section.name.slice(0, slash), file: section.name.slice(slash + 1), text: section.lines.join('\n').trim() };
    });
}

const named = (all: readonly FileValue[], file: string): FileValue[] => all.filter((entry) => entry.file === file);

/** The value in the deepest cgroup (the process's own): effective values already include its ancestors. */
function deepest(all: readonly FileValue[], file: string): string | null {
  const found = named(all, file).sort((a, b) => b.dir.length - a.dir.length)[0];
  return found === undefined ? null : found.text;
}

function minOf(values: ReadonlyArray<number | null>): number | null {
  const present = values.filter((value): value is number => value !== null && Number.isFinite(value));
  return present.length === 0 ? null : Math.min(...present);
}

function statField(text: string | null, key: string): number | null {
  const match = text === null ? null : new RegExp(`^${key} (\\d+)$`, 'm').exec(text);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** v2 `cpu.max`: `400000 100000` → 4 CPUs; `max 100000` → null (no quota). */
export function cpuMaxToCpus(text: string): number | null {
  const match = /^(max|\d+)\s+(\d+)/.exec(text.trim());
  if (match === null || match[1] === 'max' || Number(match[2]) <= 0) return null;
  return Number(match[1]) / Number(match[2]);
}

function readV2(all: readonly FileValue[]): Omit<CgroupReading, 'version' | 'path'> {
  const memory = named(all, 'memory.max').map((entry) => (/^\d+$/.test(entry.text) ? Number(entry.text) : null));
  const cpuset = deepest(all, 'cpuset.cpus.effective') ?? deepest(all, 'cpuset.cpus');
  const stat = deepest(all, 'cpu.stat');
  return {
    cpuQuotaCpus: minOf(named(all, 'cpu.max').map((entry) => cpuMaxToCpus(entry.text))),
    cpusetEffective: cpuset,
    cpusetCount: cpuset === null ? null : countCpuList(cpuset),
    memoryMaxBytes: minOf(memory),
    nrPeriods: statField(stat, 'nr_periods'),
    nrThrottled: statField(stat, 'nr_throttled'),
  };
}

function readV1(all: readonly FileValue[]): Omit<CgroupReading, 'version' | 'path'> {
  const quotas = named(all, 'cpu.cfs_quota_us').map((quota) => {
    const period = all.find((entry) => entry.dir === quota.dir && entry.file === 'cpu.cfs_period_us');
    const quotaUs = Number(quota.text);
    const periodUs = Number(period?.text ?? '100000');
    return quotaUs > 0 && periodUs > 0 ? quotaUs / periodUs : null;
  });
  const memory = named(all, 'memory.limit_in_bytes').map((entry) => {
    const bytes = Number(entry.text);
    return /^\d+$/.test(entry.text) && bytes < v1UnlimitedBytes ? bytes : null;
  });
  const cpuset = deepest(all, 'cpuset.effective_cpus') ?? deepest(all, 'cpuset.cpus');
  const stat = deepest(all, 'cpu.stat');
  return {
    cpuQuotaCpus: minOf(quotas),
    cpusetEffective: cpuset,
    cpusetCount: cpuset === null ? null : countCpuList(cpuset),
    memoryMaxBytes: minOf(memory),
    nrPeriods: statField(stat, 'nr_periods'),
    nrThrottled: statField(stat, 'nr_throttled'),
  };
}

function cgroupPath(sections: readonly TailSection[], version: 1 | 2): string {
  const membership = sections.find((section) => /^\/proc\/\d+\/cgroup$/.test(section.name));
  for (const line of membership?.lines ?? []) {
    if (version === 2 && line.startsWith('0::')) return line.slice(3);
    const v1 = /^\d+:([^:]*):(.*)$/.exec(line);
    if (version === 1 && v1?.[1] !== undefined && v1[1].split(',').includes('cpu')) return v1[2] ?? '/';
  }
  return '/';
}

/**
 * Reads a cgroup dump in the `==> path <==` layout (processScript, and the fixtures): the
 * layout line (`stat -fc %T /sys/fs/cgroup`: cgroup2fs = v2, tmpfs = v1/hybrid), the
 * process's /proc/<pid>/cgroup, and cgroup files from its own cgroup up to the root. Quotas
 * and memory limits take the tightest ancestor; cpusets and throttling the process's own.
 * Throws `cannot read cgroup output` when neither layout's CPU files are present.
 */
export function parseCgroupDump(text: string): CgroupReading {
  const sections = splitTailSections(text);
  const all = files(sections);
  const layout = sectionText(sections, 'stat -fc %T /sys/fs/cgroup')?.trim();
  const hasV2 = all.some((entry) => entry.file === 'cpu.max' || entry.file === 'cpuset.cpus.effective');
  const hasV1 = all.some((entry) => entry.file === 'cpu.cfs_quota_us' || entry.file === 'cpuset.effective_cpus');
  const version = layout === 'cgroup2fs' || (layout === undefined && hasV2) ? 2 : 1;
  if ((version === 2 && !hasV2) || (version === 1 && !hasV1)) {
    throw cannotRead('cgroup', text, `no cgroup v${version} CPU files`);
  }
  return { version, path: cgroupPath(sections, version), ...(version === 2 ? readV2(all) : readV1(all)) };
}

/**
 * The container a process runs in, from its /proc/<pid>/cgroup text: Docker
 * (`docker-<id>.scope`, `/docker/<id>`), Podman (`libpod-<id>.scope`, `/libpod-<id>`),
 * or a bare 64-hex id (runtime unknown). Null when it is not in a container cgroup.
 */
export function containerFromCgroup(text: string): { runtime: 'docker' | 'podman' | null; id: string } | null {
  const docker = /(?:docker-|\/docker\/)([0-9a-f]{64})/.exec(text);
  if (docker?.[1] !== undefined) return { runtime: 'docker', id: docker[1] };
  const podman = /libpod-(?:conmon-)?([0-9a-f]{64})/.exec(text);
  if (podman?.[1] !== undefined) return { runtime: 'podman', id: podman[1] };
  const bare = /\/([0-9a-f]{64})(?:\.scope)?$/m.exec(text);
  return bare?.[1] === undefined ? null : { runtime: null, id: bare[1] };
}
