import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectiveCpuLimit, parseContainerInspect } from '../../../../src-main/core/inventory/parse-container-inspect';
import { hostFixture } from '../telemetry/fixtures';
import { expectOnlyParseErrors, mutatedJson } from '../telemetry/parser-properties';

describe('parseContainerInspect', () => {
  it('reads docker inspect: --cpus 4 stored as NanoCpus only, cpuset 0-7, --gpus all', () => {
    expect(parseContainerInspect(hostFixture('docker-inspect.json'), 'docker')).toMatchObject({
      runtime: 'docker', name: 'llama-8b', image: 'ghcr.io/ggml-org/llama.cpp:server-cuda', cpuLimit: 4, cpusetCpus: '0-7', memoryLimitBytes: 34359738368, gpuRequested: true,
    });
  });

  it('reads podman inspect without adding quota/period to NanoCpus, AMD devices as the GPU request', () => {
    const container = parseContainerInspect(hostFixture('podman-inspect.json'), 'podman');
    expect(container).toMatchObject({ runtime: 'podman', name: 'llama-qwen', cpuLimit: 4, cpusetCpus: null, memoryLimitBytes: null, gpuRequested: true });
    expect(container.devices).toEqual(['/dev/kfd', '/dev/dri/card1', '/dev/dri/renderD128']);
  });

  it('derives the CPU limit from quota/period, then the cpuset, and caps by the cpuset', () => {
    expect(effectiveCpuLimit({ CpuQuota: 250000, CpuPeriod: 0 })).toBe(2.5);
    expect(effectiveCpuLimit({ CpusetCpus: '0-3' })).toBe(4);
    expect(effectiveCpuLimit({ NanoCpus: 8e9, CpusetCpus: '0,1' })).toBe(2);
    expect(effectiveCpuLimit({ CpuQuota: -1 })).toBeNull();
  });

  it('says "cannot read docker inspect output" for an error message', () => {
    expect(() => parseContainerInspect('Error: No such object: abc', 'docker')).toThrowError(/cannot read docker inspect output.*first line: "Error: No such object: abc"/);
    expect(() => parseContainerInspect('[]', 'podman')).toThrowError(/cannot read podman inspect output/);
  });

  it('only ever fails with "cannot read" on outside text', () => {
    expectOnlyParseErrors((text) => parseContainerInspect(text, 'docker'), 'docker inspect', fc.oneof(fc.string(), fc.json(), mutatedJson(hostFixture('docker-inspect.json'))));
    expectOnlyParseErrors((text) => parseContainerInspect(text, 'podman'), 'podman inspect', mutatedJson(hostFixture('podman-inspect.json')));
  });
});
