import { readFileSync } from 'node:fs';
import { gguf } from '@huggingface/gguf';
import { beforeAll, describe, expect, it } from 'vitest';
import { estimateKvCache, estimateMemory } from '../../../../src-shared/config/memory-estimate';
import { modelFactsFromGguf, type ModelFacts } from '../../../../src-shared/config/model-facts';
import type { Inventory } from '../../../../src-shared/schemas/inventory';
import { eightBModel as eightB } from '../../../support/model-facts';

const modelPath = 'resources/models/stories260K.gguf';
const mib = 1024 * 1024;
const gib = 1024 * mib;

/** llama.cpp's own `llama_kv_cache: size = …` lines for the bundled model (test/fixtures/configure/README.md). */
interface Capture {
  flags: Record<string, number | string | boolean>;
  reported: { totalMiB: number; kMiB: number; vMiB: number; cellsPerStream: number; streams: number };
}
const captured = JSON.parse(readFileSync('test/fixtures/configure/kv-cache-stories260k.json', 'utf8')) as { captures: Capture[] };

let stories: ModelFacts;
beforeAll(async () => {
  const header = await gguf(modelPath, { allowLocalFile: true });
  stories = modelFactsFromGguf(header.metadata as Record<string, unknown>, readFileSync(modelPath).length);
});


function gpuHost(vramGiB: number): Pick<Inventory, 'memory' | 'gpus' | 'container' | 'cgroup'> {
  return {
    memory: { totalBytes: 64 * gib, availableBytes: 60 * gib, swapTotalBytes: 0, swapFreeBytes: 0 },
    gpus: [{ index: 0, vendor: 'nvidia', name: 'RTX 4090', memoryTotalBytes: vramGiB * gib, driverVersion: null, busId: null, uuid: null, source: 'nvidia-smi' }],
    container: null,
    cgroup: null,
  };
}

describe('the KV cache estimate', () => {
  it('reads the bundled model as llama.cpp does: 5 layers, 4 KV heads of 8, trained on 2048 tokens', () => {
    expect(stories).toMatchObject({ architecture: 'llama', layers: 5, headCount: 8, keyLength: 8, valueLength: 8, contextLength: 2048, fileBytes: 1_185_376 });
    expect(stories.kvHeadsPerLayer).toEqual([4, 4, 4, 4, 4]);
  });

  it.each(captured.captures.map((capture) => [JSON.stringify(capture.flags), capture] as const))(
    'equals the KV size llama.cpp reported within 1 %% for %s',
    (_name, capture) => {
      const kv = estimateKvCache({ flags: capture.flags }, stories);
      expect(kv).not.toBeNull();
      expect(kv?.layout.cellsPerStream).toBe(capture.reported.cellsPerStream);
      expect(kv?.layout.streams).toBe(capture.reported.streams);
      expect(Math.abs((kv?.bytes ?? 0) / mib - capture.reported.totalMiB)).toBeLessThanOrEqual(capture.reported.totalMiB * 0.01);
      expect(Math.abs((kv?.kBytes ?? 0) / mib - capture.reported.kMiB)).toBeLessThanOrEqual(capture.reported.kMiB * 0.01);
      expect(Math.abs((kv?.vBytes ?? 0) / mib - capture.reported.vMiB)).toBeLessThanOrEqual(capture.reported.vMiB * 0.01);
    },
  );

  it('costs 128 KiB per token in f16 and 68 KiB in q8_0 for 32 layers of 8 KV heads × 128 (reference §2.4)', () => {
    expect(estimateKvCache({ flags: { ctxSize: 4096 } }, eightB)?.bytesPerCell).toBe(128 * 1024);
    expect(estimateKvCache({ flags: { ctxSize: 4096, cacheTypeK: 'q8_0', cacheTypeV: 'q8_0' } }, eightB)?.bytesPerCell).toBe(68 * 1024);
  });

  it('gives each slot -c / -np rounded up to 256 cells without a unified cache, and grows the total to match', () => {
    const kv = estimateKvCache({ flags: { ctxSize: 1000, parallel: 3 } }, stories);
    expect(kv?.layout).toMatchObject({ contextPerSlot: 512, contextTotal: 1536, streams: 3, isUnified: false });
  });

  it('keeps one pool that every slot may fill with -kvu, and with -np auto (4 slots)', () => {
    expect(estimateKvCache({ flags: { ctxSize: 4096, parallel: 8, kvUnified: true } }, stories)?.layout).toMatchObject({ contextPerSlot: 4096, contextTotal: 4096, streams: 1 });
    expect(estimateKvCache({ flags: { ctxSize: 4096 } }, stories)?.layout).toMatchObject({ slots: 4, isAutoParallel: true, isUnified: true, contextPerSlot: 4096 });
  });

  it("uses the model's training context for -c 0, and slots × --kv-unified-per-slot when that is set", () => {
    expect(estimateKvCache({ flags: { ctxSize: 0, parallel: 1 } }, stories)?.layout).toMatchObject({ contextTotal: 2048, contextFrom: 'model' });
    expect(estimateKvCache({ flags: { parallel: 4, kvUnified: true, kvUnifiedPerSlot: 1024 } }, stories)?.layout).toMatchObject({ contextTotal: 4096, contextPerSlot: 1024, contextFrom: 'per-slot' });
  });
});

describe('the memory estimate against the host', () => {
  it('says -np 16 -c 32768 … does not fit a 24 GiB GPU, before anything restarts', () => {
    const estimate = estimateMemory({ config: { flags: { parallel: 16, ctxSize: 262144 } }, model: eightB, inventory: gpuHost(24) });
    expect(estimate.kv.bytes).toBe(32 * gib);
    expect(estimate.fits).toBe(false);
    expect(estimate.sentence).toBe('-np 16 -c 262144 needs 32.0 GiB of KV cache (36.6 GiB with the 4.60 GiB model); the GPU has 24.0 GiB of VRAM: it does not fit.');
  });

  it('compares with RAM when nothing is offloaded, and with the container limit when that is lower', () => {
    const host = gpuHost(24);
    const onCpu = estimateMemory({ config: { flags: { ctxSize: 8192, parallel: 1, gpuLayers: 0 } }, model: eightB, inventory: host });
    expect(onCpu.budget).toEqual({ where: 'ram', bytes: 64 * gib, label: 'the host' });
    expect(onCpu.fits).toBe(true);
    const contained = estimateMemory({ config: { flags: { ctxSize: 8192, parallel: 1 } }, model: eightB, inventory: { ...host, gpus: [], cgroup: null, container: { runtime: 'podman', id: 'c1', name: 'llm', image: null, cpuLimit: 4, cpusetCpus: null, memoryLimitBytes: 4 * gib, gpuRequested: false, devices: [] } } });
    expect(contained.sentence).toBe('-np 1 -c 8192 needs 1.00 GiB of KV cache (5.60 GiB with the 4.60 GiB model); the container has 4.00 GiB of memory: it does not fit.');
  });

  it("names the cache types when they are not f16 and says when -c 0 takes the model's context", () => {
    const estimate = estimateMemory({ config: { flags: { ctxSize: 0, parallel: 1, cacheTypeK: 'q8_0', cacheTypeV: 'q8_0' } }, model: eightB });
    expect(estimate.sentence).toMatch(/^-np 1 -c 0 \(the model's 131072\) with q8_0\/q8_0 cache needs 8\.50 GiB of KV cache/);
    expect(estimate.notes.join(' ')).toContain("the model's training context of 131072 tokens; with --fit on llama-server may choose a smaller one");
    expect(estimate.fits).toBeNull();
  });
});
