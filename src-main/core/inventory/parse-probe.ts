import type { CpuInventory, OsInfo } from '../../../src-shared/schemas/inventory';
import { cannotRead } from '../telemetry/cannot-read';
import { parseMeminfo, type Meminfo } from '../telemetry/parse-proc-files';
import { sectionText, splitTailSections, type TailSection } from '../telemetry/tail-sections';
import { countCpuList } from './cpu-list';

/** What the probe script found, parsed. */
export interface HostProbe {
  os: OsInfo;
  cpu: CpuInventory;
  memory: Meminfo;
  /** Absolute paths of the GPU and container tools found, by tool name. */
  tools: Map<string, string>;
  llamaServerPids: number[];
}

const lines = (sections: readonly TailSection[], name: string): string[] =>
  (sectionText(sections, name) ?? '').split('\n').map((line) => line.trim()).filter((line) => line !== '');

function readOs(sections: readonly TailSection[]): OsInfo {
  const [kernelName = 'unknown', release = '', arch = 'unknown', hostname = ''] = lines(sections, 'uname');
  const osRelease = sectionText(sections, '/etc/os-release') ?? '';
  const pretty = /^PRETTY_NAME=(.*)$/m.exec(osRelease)?.[1]?.replace(/^["']|["']$/g, '');
  return { name: pretty ?? kernelName, kernel: `${kernelName} ${release}`.trim(), arch, hostname };
}

function cpuModel(cpuinfo: string): string {
  for (const key of ['model name', 'Hardware', 'Processor', 'cpu model', 'cpu']) {
    const match = new RegExp(`^${key}\\s*:\\s*(.+)$`, 'm').exec(cpuinfo);
    if (match?.[1] !== undefined && match[1].trim() !== '') return match[1].trim();
  }
  return 'unknown';
}

/** Per-CPU topology values from `/sys/devices/system/cpu/cpuN/topology/<file>` sections. */
function topology(sections: readonly TailSection[], file: string): Map<number, string> {
  const values = new Map<number, string>();
  const pattern = new RegExp(`^/sys/devices/system/cpu/cpu(\\d+)/topology/${file}$`);
  for (const section of sections) {
    const match = pattern.exec(section.name);
    if (match?.[1] !== undefined && section.lines[0] !== undefined) values.set(Number(match[1]), section.lines[0].trim());
  }
  return values;
}

/**
 * Physical cores = distinct (package, core id) pairs among online CPUs: the count llama.cpp's
 * default `-t` uses. Falls back to cpuinfo's `cpu cores` × sockets, then to threads.
 */
function readCpu(sections: readonly TailSection[]): CpuInventory {
  const packages = topology(sections, 'physical_package_id');
  const cores = topology(sections, 'core_id');
  const online = sectionText(sections, '/sys/devices/system/cpu/online');
  const threads = (online === null ? null : countCpuList(online)) ?? (cores.size || Number(lines(sections, 'nproc')[0] ?? '0'));
  const pairs = new Set([...cores.entries()].map(([cpu, core]) => `${packages.get(cpu) ?? '0'}:${core}`));
  const sockets = new Set(packages.values()).size || 1;
  const cpuinfo = sectionText(sections, 'cpuinfo') ?? '';
  const coresPerSocket = Number(/^cpu cores\s*:\s*(\d+)/m.exec(cpuinfo)?.[1] ?? '0');
  const physicalCores = pairs.size || coresPerSocket * sockets || threads;
  const numaNodes = sections
    .map((section) => ({ match: /^\/sys\/devices\/system\/node\/node(\d+)\/cpulist$/.exec(section.name), section }))
    .filter(({ match }) => match?.[1] !== undefined)
    .map(({ match, section }) => ({ id: Number(match?.[1]), cpus: (section.lines[0] ?? '').trim() }))
    .sort((a, b) => a.id - b.id);
  return {
    model: cpuModel(cpuinfo),
    sockets,
    physicalCores,
    threads,
    threadsPerCore: physicalCores > 0 ? Math.max(1, Math.round(threads / physicalCores)) : 1,
    allowedCpus: Number(lines(sections, 'nproc')[0] ?? threads) || threads,
    onlineCpus: online?.trim() ?? '',
    numaNodes,
  };
}

/**
 * Reads the probe script's output (inventory-scripts.ts). Throws `cannot read inventory
 * probe output` when the uname or meminfo sections are missing: then it was not that script
 * on a Linux host.
 */
export function parseProbe(text: string): HostProbe {
  const sections = splitTailSections(text);
  const meminfo = sectionText(sections, '/proc/meminfo');
  if (sectionText(sections, 'uname') === null || meminfo === null) {
    throw cannotRead('inventory probe', text, 'no uname or /proc/meminfo section (is this a Linux host?)');
  }
  const tools = new Map(lines(sections, 'tools').map((path) => [path.slice(path.lastIndexOf('/') + 1), path] as [string, string]));
  const llamaServerPids = lines(sections, 'llama-server pids').map(Number).filter((pid) => Number.isInteger(pid) && pid > 0);
  let memory: Meminfo;
  try {
    memory = parseMeminfo(meminfo);
  } catch {
    throw cannotRead('inventory probe', text, 'its /proc/meminfo section has no MemTotal line');
  }
  return { os: readOs(sections), cpu: readCpu(sections), memory, tools, llamaServerPids };
}
