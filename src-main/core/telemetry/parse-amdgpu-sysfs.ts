import type { GpuSample } from '../../../src-shared/schemas/telemetry-sample';
import { numberOrNull, pctOrNull } from './cannot-read';
import type { TailSection } from './tail-sections';

/** One amdgpu card as its sysfs files read (drivers/gpu/drm/amd/pm, amdgpu_device.c). */
export interface AmdgpuSysfsReading {
  card: number;
  busyPct: number | null;
  memBusyPct: number | null;
  vramUsedBytes: number | null;
  vramTotalBytes: number | null;
  gttUsedBytes: number | null;
  gttTotalBytes: number | null;
  /** hwmon power1_average (older kernels) or power1_input, µW → W. */
  powerW: number | null;
  /** hwmon temp1_input (edge), m°C → °C. */
  temperatureC: number | null;
}

const pathPattern = /^\/sys\/class\/drm\/card(\d+)\/device\/(?:hwmon\/hwmon\d+\/)?([a-z0-9_]+)$/;

/**
 * Collects amdgpu readings from the sampler's `tail` sections, by card. These sysfs files are
 * what rocm-smi itself reads, but a `tail` of them costs microseconds where starting the
 * Python tool costs a few hundred milliseconds of CPU per sample.
 */
export function readAmdgpuSysfs(sections: readonly TailSection[]): AmdgpuSysfsReading[] {
  const cards = new Map<number, Map<string, number>>();
  for (const section of sections) {
    const match = pathPattern.exec(section.name);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const value = numberOrNull(section.lines[0]);
    if (value === null) continue;
    const card = Number(match[1]);
    const files = cards.get(card) ?? new Map<string, number>();
    files.set(match[2], value);
    cards.set(card, files);
  }
  return [...cards.entries()]
    .filter(([, files]) => files.has('gpu_busy_percent'))
    .sort(([a], [b]) => a - b)
    .map(([card, files]) => {
      const power = files.get('power1_average') ?? files.get('power1_input');
      const temperature = files.get('temp1_input');
      return {
        card,
        busyPct: pctOrNull(files.get('gpu_busy_percent') ?? null),
        memBusyPct: pctOrNull(files.get('mem_busy_percent') ?? null),
        vramUsedBytes: files.get('mem_info_vram_used') ?? null,
        vramTotalBytes: files.get('mem_info_vram_total') ?? null,
        gttUsedBytes: files.get('mem_info_gtt_used') ?? null,
        gttTotalBytes: files.get('mem_info_gtt_total') ?? null,
        powerW: power === undefined ? null : power / 1e6,
        temperatureC: temperature === undefined ? null : temperature / 1000,
      };
    });
}

/**
 * The schema's GpuSample for an amdgpu card. On an APU (tiny VRAM carve-out, large GTT) the
 * GTT figures are the GPU's working memory, so they are reported instead of VRAM.
 */
export function amdgpuReadingToSample(reading: AmdgpuSysfsReading, index: number): GpuSample {
  const isApu = reading.gttTotalBytes !== null && reading.vramTotalBytes !== null && reading.gttTotalBytes > 4 * reading.vramTotalBytes;
  return {
    vendor: 'amd',
    index,
    id: `card${reading.card}`,
    name: null,
    utilPct: reading.busyPct,
    memBusyPct: reading.memBusyPct,
    memUsedBytes: isApu ? reading.gttUsedBytes : reading.vramUsedBytes,
    memTotalBytes: isApu ? reading.gttTotalBytes : reading.vramTotalBytes,
    powerW: reading.powerW,
    temperatureC: reading.temperatureC,
    smClockMhz: null,
    memClockMhz: null,
    clockEventReasons: [],
  };
}
