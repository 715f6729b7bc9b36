import { toAppError } from '../../../src-shared/errors';
import { Inventory, type CgroupLimits, type ContainerInventory, type ServerInventory } from '../../../src-shared/schemas/inventory';
import { execText, type HostSession } from '../hosts/host-session';
import { houseClock } from '../clock';
import { findGpus } from './gpu-inventory';
import { inventoryFindings } from '../findings/inventory/inventory-rules';
import { inventoryWarnings } from './inventory-warnings';
import { probeArgv, processArgv } from './inventory-scripts';
import { containerFromCgroup, parseCgroupDump } from './parse-cgroup';
import { parseContainerInspect } from './parse-container-inspect';
import { parseProbe } from './parse-probe';
import { parseServerProcess } from './parse-server-process';

/** Options of takeInventory; all optional. */
export interface TakeInventoryOptions {
  /** Describe this process as the server instead of the first `llama-server` found. */
  serverPid?: number;
  /** The house clock for `takenAt`. */
  clock?: () => number;
  /** Called with each tool's raw output (to keep real captures as fixtures). */
  onRawOutput?: (tool: string, text: string) => void;
}

const scriptTimeoutMs = 20_000;

async function describeProcess(host: HostSession, pid: number | null, notes: string[]): Promise<{ server: ServerInventory | null; cgroup: CgroupLimits | null; text: string }> {
  let text = '';
  try {
    text = await execText(host, processArgv(pid), { timeoutMs: scriptTimeoutMs });
  } catch (error) {
    notes.push(`could not read ${pid === null ? 'the session' : `process ${pid}`}: ${toAppError(error).message}`);
    return { server: null, cgroup: null, text };
  }
  let server: ServerInventory | null = null;
  if (pid !== null) {
    try {
      server = parseServerProcess(text, pid);
    } catch (error) {
      notes.push(toAppError(error).message);
    }
  }
  let cgroup: CgroupLimits | null = null;
  try {
    cgroup = { ...parseCgroupDump(text), scope: server === null ? 'session' : 'server' };
  } catch (error) {
    notes.push(toAppError(error).message);
  }
  return { server, cgroup, text };
}

async function inspectContainer(host: HostSession, cgroupText: string, context: { tools: ReadonlyMap<string, string>; notes: string[] }): Promise<ContainerInventory | null> {
  const { tools, notes } = context;
  const found = containerFromCgroup(cgroupText);
  if (found === null) return null;
  const order: Array<'docker' | 'podman'> = found.runtime === 'podman' ? ['podman', 'docker'] : ['docker', 'podman'];
  for (const runtime of order) {
    const tool = tools.get(runtime);
    if (tool === undefined) continue;
    try {
      return parseContainerInspect(await execText(host, [tool, 'inspect', found.id], { timeoutMs: scriptTimeoutMs }), runtime);
    } catch (error) {
      notes.push(`${runtime} inspect ${found.id.slice(0, 12)}: ${toAppError(error).message}`);
    }
  }
  return null;
}

/**
 * Takes the inventory of a host through its HostSession, over SSH or locally with the same
 * code: one probe script, then (in parallel) the server process + its cgroup and the GPU
 * tools, then the container runtime. Any section that cannot be read becomes a warning; only
 * an unreadable probe (not a Linux host, link down) rejects. The result is checked against
 * the Inventory schema before it is returned.
 */
export async function takeInventory(host: HostSession, options: TakeInventoryOptions = {}): Promise<Inventory> {
  const clock = options.clock ?? houseClock;
  const takenAt = clock();
  const probeText = await execText(host, probeArgv(), { timeoutMs: scriptTimeoutMs });
  options.onRawOutput?.('probe', probeText);
  const probe = parseProbe(probeText);
  const notes: string[] = [];
  const pid = options.serverPid ?? probe.llamaServerPids[0] ?? null;
  if (options.serverPid === undefined && probe.llamaServerPids.length > 1) {
    notes.push(`${probe.llamaServerPids.length} llama-server processes run (${probe.llamaServerPids.join(', ')}); this describes pid ${pid}`);
  }
  const [processInfo, gpuFindings] = await Promise.all([describeProcess(host, pid, notes), findGpus(host, probe.tools)]);
  for (const [tool, text] of Object.entries(gpuFindings.raw)) options.onRawOutput?.(tool, text);
  const container = processInfo.server === null ? null : await inspectContainer(host, processInfo.text, { tools: probe.tools, notes });
  const facts = {
    host: host.label,
    takenAt,
    os: probe.os,
    cpu: probe.cpu,
    memory: { totalBytes: probe.memory.totalBytes, availableBytes: probe.memory.availableBytes, swapTotalBytes: probe.memory.swapTotalBytes, swapFreeBytes: probe.memory.swapFreeBytes },
    gpus: gpuFindings.gpus,
    gpuTools: ['nvidia-smi', 'rocm-smi', 'amd-smi', 'radeontop', 'lspci'].filter((tool) => probe.tools.has(tool)),
    containerRuntimes: (['docker', 'podman'] as const).filter((runtime) => probe.tools.has(runtime)),
    container,
    cgroup: processInfo.cgroup,
    server: processInfo.server,
  };
  return Inventory.parse({ ...facts, warnings: inventoryWarnings(facts, [...notes, ...gpuFindings.notes]), findings: inventoryFindings(facts) });
}
