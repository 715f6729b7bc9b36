import { describe, expect, it } from 'vitest';
import { Finding } from '../../../../src-shared/schemas/finding';
import { cgroupThrottlingRule } from '../../../../src-main/core/findings/inventory/cgroup-throttling';
import { cpuBudgetRule } from '../../../../src-main/core/findings/inventory/cpu-budget';
import { gpuWatchRule } from '../../../../src-main/core/findings/inventory/gpu-watch';
import type { InventoryFacts } from '../../../../src-main/core/findings/inventory/inventory-facts';
import { inventoryFindings } from '../../../../src-main/core/findings/inventory/inventory-rules';
import { serverThreadsRule } from '../../../../src-main/core/findings/inventory/server-threads';
import { serverVisibilityRule } from '../../../../src-main/core/findings/inventory/server-visibility';
import { swapInUseRule } from '../../../../src-main/core/findings/inventory/swap-in-use';
import { rulesOfThumb } from '../../../../src-main/core/findings/rules-of-thumb';

const takenAt = 1_700_000_000_000;
const source = { kind: 'inventory', id: 'root@gpu-box:22', at: takenAt };

function facts(overrides: Partial<InventoryFacts> = {}): InventoryFacts {
  return {
    host: 'root@gpu-box:22',
    takenAt,
    os: { name: 'Ubuntu', kernel: 'Linux 6.8', arch: 'x86_64', hostname: 'gpu-box' },
    cpu: { model: 'EPYC', sockets: 1, physicalCores: 16, threads: 32, threadsPerCore: 2, allowedCpus: 32, onlineCpus: '0-31', numaNodes: [] },
    memory: { totalBytes: 2 ** 36, availableBytes: 2 ** 35, swapTotalBytes: 0, swapFreeBytes: 0 },
    gpus: [],
    gpuTools: ['nvidia-smi'],
    containerRuntimes: [],
    container: null,
    cgroup: null,
    server: { pid: 9, executable: 'llama-server', argv: [], flags: [], threadsFlag: 16, batchThreadsFlag: null, osThreads: 17, allowedCpus: '0-31', allowedCpuCount: 32, containerId: null },
    ...overrides,
  };
}

const server = facts().server!;
const container = { runtime: 'docker' as const, id: 'x', name: 'llama', image: null, cpuLimit: 4, cpusetCpus: null, memoryLimitBytes: null, gpuRequested: true, devices: [] };
const cgroup = { version: 2 as const, scope: 'server' as const, path: '/', cpuQuotaCpus: null, cpusetEffective: null, cpusetCount: null, memoryMaxBytes: null, nrPeriods: 100, nrThrottled: 40 };

describe('every inventory finding', () => {
  it('is valid Finding data, rests on figures from the inventory, and finds nothing on a healthy host', () => {
    const all = inventoryFindings(facts({ container, gpuTools: [], server: { ...server, threadsFlag: null }, cgroup, memory: { ...facts().memory, swapTotalBytes: 2 ** 32 } }));
    expect(all.map((finding) => finding.ruleId)).toEqual(['inventory.cpu-budget', 'inventory.server-threads', 'inventory.cgroup-throttling', 'inventory.gpu-watch', 'inventory.swap-in-use']);
    for (const finding of all) {
      expect(Finding.parse(finding)).toEqual(finding);
      expect(finding.evidence.length).toBeGreaterThan(0);
      for (const evidence of finding.evidence) expect(evidence.source).toEqual(source);
    }
    expect(inventoryFindings(facts())).toEqual([]);
  });
});

describe('inventory.cpu-budget', () => {
  it('names the container as the tightest budget, with its limit and the CPUs online as evidence', () => {
    const [finding] = cpuBudgetRule(facts({ container }));
    expect(finding?.title).toBe('the container may use 4 of 32 CPUs (the container)');
    expect(finding?.evidence).toEqual([
      { figure: 'container.cpuLimit', value: 4, source },
      { figure: 'cpu.threads', value: 32, source },
    ]);
  });

  it('finds nothing when the only limit covers every CPU', () => {
    expect(cpuBudgetRule(facts({ container: { ...container, cpuLimit: 32 } }))).toEqual([]);
  });
});

describe('inventory.server-threads', () => {
  it('suggests -t at the budget when the default thread count exceeds it', () => {
    const [finding] = serverThreadsRule(facts({ container, server: { ...server, threadsFlag: null } }));
    expect(finding?.title).toBe('llama-server uses its default thread count (16 = physical cores) but may use only 4 CPUs: set -t 4 (and -tb 4)');
    expect(finding?.suggestion).toEqual({ flag: 'threads', to: 4, reason: 'the default of 16 threads is more than the 4 CPUs the container allows' });
    expect(finding?.evidence).toContainEqual({ figure: 'container.cpuLimit', value: 4, source });
  });

  it('suggests lowering an explicit -t from its value to the cgroup quota', () => {
    const [finding] = serverThreadsRule(facts({ cgroup: { ...cgroup, cpuQuotaCpus: 2.5, nrThrottled: 0 }, server: { ...server, threadsFlag: 8 } }));
    expect(finding?.title).toBe('llama-server runs with -t 8 but may use only 2.5 CPUs (its cgroup quota): expect throttling; try -t 2');
    expect(finding?.suggestion).toMatchObject({ flag: 'threads', from: 8, to: 2 });
    expect(finding?.severity).toBe('warning');
  });

  it('notes a -t other than the physical cores without suggesting a change', () => {
    const [finding] = serverThreadsRule(facts({ server: { ...server, threadsFlag: 8 } }));
    expect(finding).toMatchObject({ severity: 'info', title: 'llama-server runs with -t 8 on 16 physical cores' });
    expect(finding?.suggestion).toBeUndefined();
  });
});

describe('inventory.cgroup-throttling', () => {
  it('gives the throttled share with the periods counted as evidence', () => {
    const [finding] = cgroupThrottlingRule(facts({ cgroup }));
    expect(finding?.title).toBe("the server's cgroup was throttled in 40 of 100 periods (40 %): its CPU quota is a bottleneck");
    expect(finding?.evidence[0]).toEqual({ figure: 'cgroup.nrThrottled', value: 40, threshold: rulesOfThumb.cgroupThrottledPeriods, source });
    expect(cgroupThrottlingRule(facts({ cgroup: { ...cgroup, nrThrottled: 0 } }))).toEqual([]);
  });
});

describe('inventory.gpu-watch', () => {
  it('says when no GPU tool is found and which lspci-only cards cannot be watched', () => {
    const gpu = { index: 0, vendor: 'amd' as const, name: 'Radeon RX 7900', memoryTotalBytes: null, driverVersion: null, busId: null, uuid: null, source: 'lspci' as const };
    const findings = gpuWatchRule(facts({ gpuTools: ['lspci'], gpus: [gpu] }));
    expect(findings.map((finding) => finding.title)).toEqual(['no GPU tool found (nvidia-smi, rocm-smi, amd-smi or radeontop): GPU load cannot be watched', 'Radeon RX 7900 is present (lspci) but no tool reads its load']);
    expect(findings[1]?.evidence).toEqual([{ figure: 'gpus[0].source', value: 'lspci', source }]);
  });
});

describe('inventory.server-visibility', () => {
  it('says when no server runs, and when its container cannot be inspected', () => {
    expect(serverVisibilityRule(facts({ server: null })).map((finding) => finding.title)).toEqual(['no llama-server process found']);
    const [finding] = serverVisibilityRule(facts({ server: { ...server, containerId: '0123456789abcdef' } }));
    expect(finding?.title).toBe('llama-server runs in container 0123456789ab, but docker/podman inspect could not describe it');
  });
});

describe('inventory.swap-in-use', () => {
  it('fires past the swap line of the rules of thumb, and not at it', () => {
    const used = (bytes: number): InventoryFacts => facts({ memory: { ...facts().memory, swapTotalBytes: 2 ** 34, swapFreeBytes: 2 ** 34 - bytes } });
    const [finding] = swapInUseRule(used(1.5 * 1024 ** 3));
    expect(finding?.title).toBe('1.5 GiB of swap in use: model weights may be paging');
    expect(finding?.evidence).toEqual([{ figure: 'memory.swapUsedBytes', value: 1.5 * 1024 ** 3, threshold: rulesOfThumb.swapInUseBytes, source }]);
    expect(swapInUseRule(used(rulesOfThumb.swapInUseBytes))).toEqual([]);
  });
});
