import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../../../src-shared/schemas/inventory';
import { inventoryWarnings } from '../../../../src-main/core/inventory/inventory-warnings';

function facts(overrides: Partial<Omit<Inventory, 'warnings'>> = {}): Omit<Inventory, 'warnings'> {
  return {
    host: 'root@gpu-box:22',
    takenAt: 0,
    os: { name: 'Ubuntu', kernel: 'Linux 6.8', arch: 'x86_64', hostname: 'gpu-box' },
    cpu: { model: 'EPYC', sockets: 1, physicalCores: 16, threads: 32, threadsPerCore: 2, allowedCpus: 32, onlineCpus: '0-31', numaNodes: [] },
    memory: { totalBytes: 2 ** 36, availableBytes: 2 ** 35, swapTotalBytes: 0, swapFreeBytes: 0 },
    gpus: [],
    gpuTools: ['nvidia-smi'],
    containerRuntimes: [],
    container: null,
    cgroup: null,
    server: null,
    ...overrides,
  };
}

const server = { pid: 9, executable: 'llama-server', argv: [], flags: [], threadsFlag: 8, batchThreadsFlag: null, osThreads: 9, allowedCpus: '0-31', allowedCpuCount: 32, containerId: null };
const container = { runtime: 'docker' as const, id: 'x', name: 'llama', image: null, cpuLimit: 4, cpusetCpus: null, memoryLimitBytes: null, gpuRequested: true, devices: [] };

describe('inventoryWarnings', () => {
  it('says how many CPUs the container may use and what -t should be', () => {
    const warnings = inventoryWarnings(facts({ container, server: { ...server, threadsFlag: null } }));
    expect(warnings).toContain('the container may use 4 of 32 CPUs (the container)');
    expect(warnings).toContain('llama-server uses its default thread count (16 = physical cores) but may use only 4 CPUs: set -t 4 (and -tb 4)');
  });

  it('names a -t that differs from the physical cores', () => {
    expect(inventoryWarnings(facts({ server }))).toEqual(['llama-server runs with -t 8 on 16 physical cores']);
  });

  it('says when no GPU tool, no server, or a throttled cgroup is found', () => {
    const warnings = inventoryWarnings(
      facts({ gpuTools: [], cgroup: { version: 2, scope: 'session', path: '/', cpuQuotaCpus: null, cpusetEffective: null, cpusetCount: null, memoryMaxBytes: null, nrPeriods: 100, nrThrottled: 40 } }),
      ['rocm-smi: cannot read rocm-smi output (no JSON found); first line: "x"'],
    );
    expect(warnings).toEqual([
      "the session's cgroup was throttled in 40 of 100 periods (40 %): its CPU quota is a bottleneck",
      'no GPU tool found (nvidia-smi, rocm-smi, amd-smi or radeontop): GPU load cannot be watched',
      'no llama-server process found',
      'rocm-smi: cannot read rocm-smi output (no JSON found); first line: "x"',
    ]);
  });
});
