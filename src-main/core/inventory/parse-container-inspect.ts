import type { ContainerInventory } from '../../../src-shared/schemas/inventory';
import { cannotRead, isRecord, parseToolJson } from '../telemetry/cannot-read';
import { countCpuList } from './cpu-list';

const numberField = (record: Record<string, unknown>, key: string): number => {
  const value = record[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
};

const stringField = (record: Record<string, unknown>, key: string): string | null => {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : null;
};

/**
 * Effective CPU limit of a container (host-telemetry.md §5): NanoCpus/1e9 if set, else
 * CpuQuota/CpuPeriod when the quota is positive (period 0 means the default 100 000 µs),
 * else the cpuset size; capped by the cpuset. Podman sets both NanoCpus and quota/period
 * for `--cpus`: NanoCpus wins, so they are never added.
 */
export function effectiveCpuLimit(hostConfig: Record<string, unknown>): number | null {
  const nanoCpus = numberField(hostConfig, 'NanoCpus');
  const quotaUs = numberField(hostConfig, 'CpuQuota');
  const periodUs = numberField(hostConfig, 'CpuPeriod') || 100_000;
  const cpuset = stringField(hostConfig, 'CpusetCpus');
  const cpusetCount = cpuset === null ? null : countCpuList(cpuset);
  const quotaCpus = nanoCpus > 0 ? nanoCpus / 1e9 : quotaUs > 0 ? quotaUs / periodUs : null;
  if (quotaCpus === null) return cpusetCount !== null && cpusetCount > 0 ? cpusetCount : null;
  return cpusetCount !== null && cpusetCount > 0 ? Math.min(quotaCpus, cpusetCount) : quotaCpus;
}

function hasGpuRequest(hostConfig: Record<string, unknown>, devices: readonly string[]): boolean {
  const requests = Array.isArray(hostConfig.DeviceRequests) ? hostConfig.DeviceRequests : [];
  const asksForGpu = requests.some(
    (request) => isRecord(request) && Array.isArray(request.Capabilities) && request.Capabilities.some((set) => Array.isArray(set) && set.includes('gpu')),
  );
  return asksForGpu || devices.some((device) => /^\/dev\/(kfd|dri\/|nvidia)/.test(device));
}

/**
 * Reads `docker inspect` / `podman inspect` output (a JSON array; the first element is
 * used): identity, image, and the CPU, memory and GPU settings of HostConfig. Throws
 * `cannot read docker inspect output` (or podman) for anything else.
 */
export function parseContainerInspect(text: string, runtime: 'docker' | 'podman'): ContainerInventory {
  const tool = `${runtime} inspect`;
  const json = parseToolJson(tool, text);
  const container = Array.isArray(json) ? json[0] : undefined;
  if (!isRecord(container) || !isRecord(container.HostConfig) || typeof container.Id !== 'string') {
    throw cannotRead(tool, text, 'expected an array of containers with Id and HostConfig');
  }
  const hostConfig = container.HostConfig;
  const devices = (Array.isArray(hostConfig.Devices) ? hostConfig.Devices : [])
    .map((device) => (isRecord(device) && typeof device.PathOnHost === 'string' ? device.PathOnHost : null))
    .filter((device): device is string => device !== null);
  const config = isRecord(container.Config) ? container.Config : {};
  const memory = numberField(hostConfig, 'Memory');
  return {
    runtime,
    id: container.Id,
    name: (stringField(container, 'Name') ?? container.Id.slice(0, 12)).replace(/^\//, ''),
    image: stringField(config, 'Image') ?? stringField(container, 'ImageName') ?? stringField(container, 'Image'),
    cpuLimit: effectiveCpuLimit(hostConfig),
    cpusetCpus: stringField(hostConfig, 'CpusetCpus'),
    memoryLimitBytes: memory > 0 ? memory : null,
    gpuRequested: hasGpuRequest(hostConfig, devices),
    devices,
  };
}
