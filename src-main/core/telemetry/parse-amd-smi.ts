import { cannotRead, isRecord, pctOrNull, parseToolJson } from './cannot-read';

/** One GPU of `amd-smi metric -u -p -t -m --json`. Every value the GPU did not report is null. */
export interface AmdSmiGpu {
  gpu: number;
  gfxActivityPct: number | null;
  umcActivityPct: number | null;
  socketPowerW: number | null;
  edgeTemperatureC: number | null;
  hotspotTemperatureC: number | null;
  memTemperatureC: number | null;
  vramTotalBytes: number | null;
  vramUsedBytes: number | null;
  /** On APUs the GPU works out of GTT (system memory), not VRAM: watch this there. */
  gttTotalBytes: number | null;
  gttUsedBytes: number | null;
  throttled: boolean | null;
}

const unitBytes: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** `{ "value": 94, "unit": "%" }` → 94; `"N/A"` or a whole `"N/A"` group → null. */
function metric(group: unknown, key: string): { value: number; unit: string } | null {
  if (!isRecord(group)) return null;
  const entry = group[key];
  if (!isRecord(entry) || typeof entry.value !== 'number' || !Number.isFinite(entry.value)) return null;
  return { value: entry.value, unit: typeof entry.unit === 'string' ? entry.unit : '' };
}

function bytes(group: unknown, key: string): number | null {
  const found = metric(group, key);
  if (found === null) return null;
  // amd-smi prints MB meaning MiB (integer MiB from the driver).
  const scale = unitBytes[found.unit.toUpperCase()];
  return scale === undefined || found.value < 0 ? null : found.value * scale;
}

const value = (group: unknown, key: string): number | null => metric(group, key)?.value ?? null;

function readGpu(entry: Record<string, unknown>): AmdSmiGpu {
  const { usage, power, temperature, mem_usage: memUsage } = entry;
  const throttle = isRecord(power) ? power.throttle_status : undefined;
  return {
    gpu: entry.gpu as number,
    gfxActivityPct: pctOrNull(value(usage, 'gfx_activity')),
    umcActivityPct: pctOrNull(value(usage, 'umc_activity')),
    socketPowerW: value(power, 'socket_power'),
    edgeTemperatureC: value(temperature, 'edge'),
    hotspotTemperatureC: value(temperature, 'hotspot'),
    memTemperatureC: value(temperature, 'mem'),
    vramTotalBytes: bytes(memUsage, 'total_vram'),
    vramUsedBytes: bytes(memUsage, 'used_vram'),
    gttTotalBytes: bytes(memUsage, 'total_gtt'),
    gttUsedBytes: bytes(memUsage, 'used_gtt'),
    throttled: throttle === 'THROTTLED' ? true : throttle === 'UNTHROTTLED' ? false : null,
  };
}

/**
 * Reads `amd-smi metric … --json` in both layouts (host-telemetry.md §2.2): the 2024 tool's
 * top-level array of GPU objects and newer releases' `{"gpu_data": [ … ]}`. Throws
 * `cannot read amd-smi output` for anything else.
 */
export function parseAmdSmiMetricJson(text: string): AmdSmiGpu[] {
  const json = parseToolJson('amd-smi', text);
  const list = Array.isArray(json) ? json : isRecord(json) && Array.isArray(json.gpu_data) ? json.gpu_data : null;
  if (list === null) throw cannotRead('amd-smi', text, 'expected an array of GPUs or {"gpu_data": [...]}');
  return list.map((entry: unknown) => {
    if (!isRecord(entry) || typeof entry.gpu !== 'number' || !Number.isInteger(entry.gpu) || entry.gpu < 0) {
      throw cannotRead('amd-smi', text, 'a GPU entry has no integer "gpu"');
    }
    return readGpu(entry);
  });
}
