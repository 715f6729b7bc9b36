import type { Inventory } from '../../../src-shared/schemas/inventory';

type Facts = Omit<Inventory, 'warnings'>;

const fmt = (cpus: number): string => (Number.isInteger(cpus) ? String(cpus) : cpus.toFixed(2).replace(/0+$/, ''));

/** The tightest CPU budget the server (or the session) gets, and what sets it. */
export function cpuBudget(facts: Facts): { cpus: number; source: string } | null {
  const candidates: Array<{ cpus: number | null | undefined; source: string }> = [
    { cpus: facts.container?.cpuLimit, source: 'the container' },
    { cpus: facts.cgroup?.cpuQuotaCpus, source: 'its cgroup quota' },
    { cpus: facts.cgroup?.cpusetCount, source: 'its cpuset' },
    { cpus: facts.server?.allowedCpuCount, source: 'its CPU affinity' },
  ];
  let best: { cpus: number; source: string } | null = null;
  for (const { cpus, source } of candidates) {
    if (cpus === null || cpus === undefined || cpus <= 0) continue;
    if (best === null || cpus < best.cpus) best = { cpus, source };
  }
  return best !== null && best.cpus < facts.cpu.threads ? best : null;
}

function serverThreadWarnings(facts: Facts, budget: { cpus: number; source: string } | null): string[] {
  const server = facts.server;
  if (server === null) return [];
  const cores = facts.cpu.physicalCores;
  const threads = server.threadsFlag;
  const limit = budget === null ? null : Math.max(1, Math.floor(budget.cpus));
  if (threads === null) {
    if (limit !== null && cores > limit) {
      return [`llama-server uses its default thread count (${cores} = physical cores) but may use only ${fmt(budget?.cpus ?? limit)} CPUs: set -t ${limit} (and -tb ${limit})`];
    }
    return [];
  }
  if (limit !== null && threads > limit) {
    return [`llama-server runs with -t ${threads} but may use only ${fmt(budget?.cpus ?? limit)} CPUs (${budget?.source}): expect throttling; try -t ${limit}`];
  }
  if (threads !== cores) return [`llama-server runs with -t ${threads} on ${cores} physical cores`];
  return [];
}

/**
 * The warnings a tuner needs, in plain sentences, from the facts of an inventory. Pure.
 * `notes` are sections that could not be read (a failed tool), passed through as they are.
 */
export function inventoryWarnings(facts: Facts, notes: readonly string[] = []): string[] {
  const warnings: string[] = [];
  const budget = cpuBudget(facts);
  if (budget !== null) {
    const who = facts.container !== null && budget.source === 'the container' ? 'the container' : facts.server !== null ? 'llama-server' : 'this login session';
    warnings.push(`${who} may use ${fmt(budget.cpus)} of ${facts.cpu.threads} CPUs (${budget.source})`);
  }
  warnings.push(...serverThreadWarnings(facts, budget));
  const cgroup = facts.cgroup;
  if (cgroup?.nrThrottled && cgroup.nrPeriods) {
    const share = Math.round((cgroup.nrThrottled / cgroup.nrPeriods) * 100);
    warnings.push(`the ${cgroup.scope === 'server' ? "server's" : "session's"} cgroup was throttled in ${cgroup.nrThrottled} of ${cgroup.nrPeriods} periods (${share} %): its CPU quota is a bottleneck`);
  }
  const hasGpuTool = facts.gpuTools.some((tool) => tool !== 'lspci');
  if (!hasGpuTool) warnings.push('no GPU tool found (nvidia-smi, rocm-smi, amd-smi or radeontop): GPU load cannot be watched');
  for (const gpu of facts.gpus.filter((candidate) => candidate.source === 'lspci' && candidate.vendor !== 'other')) {
    warnings.push(`${gpu.name} is present (lspci) but no tool reads its load`);
  }
  if (facts.server === null) warnings.push('no llama-server process found');
  if (facts.server?.containerId && facts.container === null) {
    warnings.push(`llama-server runs in container ${facts.server.containerId.slice(0, 12)}, but docker/podman inspect could not describe it`);
  }
  const swapUsed = facts.memory.swapTotalBytes - facts.memory.swapFreeBytes;
  if (swapUsed > 256 * 1024 * 1024) warnings.push(`${(swapUsed / 1024 ** 3).toFixed(1)} GiB of swap in use: model weights may be paging`);
  return [...warnings, ...notes];
}
