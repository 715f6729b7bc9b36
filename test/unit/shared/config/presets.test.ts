import { describe, expect, it } from 'vitest';
import type { ModelFacts } from '../../../../src-shared/config/model-facts';
import { presetInputs, type PresetHost } from '../../../../src-shared/config/preset-inputs';
import { presetsFor, type Preset } from '../../../../src-shared/config/presets';
import { validateServerConfig } from '../../../../src-shared/config/validate-server-config';
import { parseServerConfig, writeServerArgs } from '../../../../src-shared/llama/server-args';
import { eightBModel as eightB } from '../../../support/model-facts';

const gib = 1024 ** 3;


/** 24 GiB GPU, 16 physical cores / 32 threads, no quota. */
const workstation: PresetHost = {
  cpu: { model: 'x', sockets: 1, physicalCores: 16, threads: 32, threadsPerCore: 2, allowedCpus: 32, onlineCpus: '0-31', numaNodes: [] },
  memory: { totalBytes: 64 * gib, availableBytes: 60 * gib, swapTotalBytes: 0, swapFreeBytes: 0 },
  gpus: [{ index: 0, vendor: 'nvidia', name: 'RTX 4090', memoryTotalBytes: 24 * gib, driverVersion: null, busId: null, uuid: null, source: 'nvidia-smi' }],
  container: null,
  cgroup: null,
};

/** A command line as the reference writes it, read by the one argv parser. */
const configOf = (line: string) => parseServerConfig(line.split(' ')).config;

function preset(presets: Preset[], name: Preset['name']): Preset {
  const found = presets.find((p) => p.name === name);
  if (found === undefined) throw new Error(`no ${name} preset`);
  return found;
}

describe('presets computed from the inventory', () => {
  it('derives the worked example: ctx_req 4352, np_mem 32 at f16 and 61 at q8_0, t_gpu 4', () => {
    const inputs = presetInputs(workstation, eightB);
    expect(inputs).toMatchObject({ ctxReq: 4352, npMemF16: 32, npMemQ8: 61, tGpu: 4, cpuBudget: 16, bytesPerTokenF16: 128 * 1024, bytesPerTokenQ8: 68 * 1024 });
    expect(inputs.kvBudgetBytes / gib).toBeCloseTo(17.4, 5);
  });

  it.each([
    ['conservative', '-np 1 -kvu -c 4352 -ngl all -t 4 -fa auto'],
    ['balanced', '-np 4 -kvu --kv-unified-per-slot 4352 -c 17408 -ngl all -t 4 -tb 16 -ub 1024 -b 2048 -fa on --cache-reuse 256'],
    ['throughput', '-np 32 -no-kvu -c 139264 -ngl all -t 4 -tb 16 -ub 2048 -b 4096 -fa on'],
    ['latency', '-np 1 -c 4352 -ngl all -t 4 -tb 16 -ub 1024 -b 1024 -fa on --cache-reuse 256'],
  ] as const)('gives the worked example\'s %s command line: %s', (name, line) => {
    const computed = preset(presetsFor(workstation, eightB), name).config;
    expect(computed.flags).toMatchObject(configOf(line).flags);
  });

  it('keeps the speculative-decoding choices of the example verbatim, outside the catalog', () => {
    const presets = presetsFor(workstation, eightB);
    expect(preset(presets, 'throughput').config.extraArgs).toEqual(['--spec-type', 'none']);
    expect(preset(presets, 'latency').config.extraArgs).toEqual(['--spec-default']);
  });

  it('explains each preset in sentences naming the cores, SMT, the GPU memory and the model size', () => {
    const reasons = preset(presetsFor(workstation, eightB), 'throughput').reasons.join(' ');
    expect(reasons).toContain('The CPU budget is 16 threads, set by 16 physical cores (32 logical with SMT 2)');
    expect(reasons).toContain('The GPU has 24.0 GiB of VRAM; the 4.60 GiB model, about 1.00 GiB of compute buffers (rule of thumb) and the 1.00 GiB --fit margin leave 17.4 GiB for the KV cache.');
    expect(reasons).toContain('-np 32, set by the cap of 32 (rule of thumb): 32 slots of 4352 fit at f16.');
  });

  it('sizes a CPU-only container by its quota and memory limit: -t 4, no -ngl, at most 4 slots', () => {
    const box: PresetHost = {
      ...workstation,
      gpus: [],
      container: { runtime: 'docker', id: 'c', name: 'llm', image: null, cpuLimit: 4, cpusetCpus: null, memoryLimitBytes: 32 * gib, gpuRequested: false, devices: [] },
    };
    const presets = presetsFor(box, eightB);
    for (const p of presets) {
      expect(p.config.flags['threads']).toBe(4);
      expect(p.config.flags['gpuLayers']).toBeUndefined();
    }
    expect(preset(presets, 'throughput').config.flags).toMatchObject({ parallel: 4, ubatchSize: 512, batchSize: 2048, threadsBatch: 4 });
    expect(preset(presets, 'conservative').reasons.join(' ')).toContain('set by a CPU quota of 4 CPUs (also: 16 physical cores (32 logical with SMT 2))');
    expect(preset(presets, 'conservative').reasons.join(' ')).toContain('The container may use 32.0 GiB');
  });

  it("caps the context at the model's training context and keeps f16 where q8_0 blocks do not divide the head size", () => {
    const stories: ModelFacts = { architecture: 'llama', fileBytes: 1_185_376, layers: 5, embeddingLength: 64, headCount: 8, kvHeadsPerLayer: [4, 4, 4, 4, 4], keyLength: 8, valueLength: 8, contextLength: 2048 };
    const laptop: PresetHost = { ...workstation, gpus: [], cpu: { ...workstation.cpu, physicalCores: 2, threads: 2, threadsPerCore: 1, allowedCpus: 2 }, memory: { ...workstation.memory, totalBytes: 16 * gib } };
    const presets = presetsFor(laptop, stories);
    expect(preset(presets, 'latency').config.flags['ctxSize']).toBe(2048);
    expect(preset(presets, 'latency').reasons.join(' ')).toContain("capped by the model's training context of 2048");
    for (const p of presets) expect(p.config.flags['cacheTypeV']).toBeUndefined();
  });

  it('gives configurations llama-server accepts and the argv writer round-trips', () => {
    for (const p of presetsFor(workstation, eightB)) {
      expect(validateServerConfig(p.config, { cpus: { logical: 32, physical: 16 } }).filter((problem) => problem.severity === 'error')).toEqual([]);
      const { argv } = writeServerArgs(p.config, { spelling: 'short' });
      expect(parseServerConfig(argv).config).toEqual(p.config);
    }
  });
});
