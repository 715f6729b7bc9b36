import type { GpuSample } from '../../../src-shared/schemas/telemetry-sample';
import { cannotRead, numberOrNull, pctOrNull } from './cannot-read';

/**
 * The `--query-gpu` fields the workbench asks for, in order (host-telemetry.md §1). Older
 * drivers only know `clocks_throttle_reasons.active` for the last one; same bits.
 */
export const nvidiaQueryFields = [
  'timestamp', 'index', 'uuid', 'name', 'pci.bus_id', 'driver_version', 'pstate',
  'utilization.gpu', 'utilization.memory', 'memory.total', 'memory.used', 'memory.free',
  'temperature.gpu', 'power.draw', 'power.limit', 'clocks.sm', 'clocks.mem', 'clocks.max.sm',
  'fan.speed', 'clocks_event_reasons.active',
] as const;

export type NvidiaField = (typeof nvidiaQueryFields)[number];

/**
 * The fields the telemetry stream asks for every interval: all of the above except
 * `pci.bus_id` and `clocks.max.sm`. Measured on an H100 (driver 580, persistence on) with
 * `-lms 1000` over 30 s: those two cost 6 and 7 CPU ticks, every other field 0–2, and the
 * full list 14 — about 0.47 % of a core, most of the sampler's budget. Both are static and
 * come from the inventory's one-off query instead.
 */
export const nvidiaStreamFields: readonly NvidiaField[] = nvidiaQueryFields.filter((field) => field !== 'pci.bus_id' && field !== 'clocks.max.sm');

/** One GPU at one instant, as `nvidia-smi --format=csv,noheader,nounits` printed it. */
export interface NvidiaGpuReading {
  timestamp: string;
  index: number;
  uuid: string;
  name: string;
  busId: string;
  driverVersion: string;
  pstate: string | null;
  utilGpuPct: number | null;
  utilMemPct: number | null;
  memTotalMiB: number | null;
  memUsedMiB: number | null;
  memFreeMiB: number | null;
  temperatureC: number | null;
  powerDrawW: number | null;
  powerLimitW: number | null;
  smClockMhz: number | null;
  memClockMhz: number | null;
  maxSmClockMhz: number | null;
  fanPct: number | null;
  /** Decoded clocks_event_reasons bits; empty when none or not readable. */
  clockEventReasons: string[];
}

/** NVML nvmlClocksEventReason* bits, named as nvidia-smi's per-reason fields are. */
const clockEventBits: ReadonlyArray<[number, string]> = [
  [0x1, 'gpu_idle'],
  [0x2, 'applications_clocks_setting'],
  [0x4, 'sw_power_cap'],
  [0x8, 'hw_slowdown'],
  [0x10, 'sync_boost'],
  [0x20, 'sw_thermal_slowdown'],
  [0x40, 'hw_thermal_slowdown'],
  [0x80, 'hw_power_brake_slowdown'],
  [0x100, 'display_clock_setting'],
];

/** Names the bits set in a `0x…` clocks_event_reasons mask; unknown bits become `bit_0x…`. */
export function decodeClockEventReasons(maskText: string): string[] {
  if (!/^0x[0-9a-fA-F]{1,16}$/.test(maskText.trim())) return [];
  let mask = BigInt(maskText.trim());
  const names: string[] = [];
  for (const [bit, name] of clockEventBits) {
    if ((mask & BigInt(bit)) !== 0n) names.push(name);
    mask &= ~BigInt(bit);
  }
  for (let bit = 0n; mask !== 0n && bit < 64n; bit += 1n) {
    if ((mask & (1n << bit)) !== 0n) names.push(`bit_0x${(1n << bit).toString(16)}`);
    mask &= ~(1n << bit);
  }
  return names;
}

const timestampPattern = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/;

/** `[N/A]`, `[Not Supported]`, `[Insufficient Permissions]` … all mean "no value". */
const isBracketed = (value: string): boolean => /^\[.*\]$/.test(value);

function numeric(value: string, line: string, field: string): number | null {
  if (isBracketed(value)) return null;
  const parsed = numberOrNull(value);
  if (parsed === null) throw cannotRead('nvidia-smi', line, `"${field}" is "${value}", not a number`);
  return parsed;
}

/**
 * Reads one line of `nvidia-smi --query-gpu=<fields> --format=csv,noheader,nounits` for the
 * given field list (default nvidiaQueryFields; fields not asked for read as null or '').
 * Values are split on `,` and trimmed (names never hold commas); any `[…]` value is null.
 * Throws `cannot read nvidia-smi output` for any other layout (a header, an error message).
 */
export function parseNvidiaSmiLine(line: string, fields: readonly NvidiaField[] = nvidiaQueryFields): NvidiaGpuReading {
  const values = line.split(',').map((value) => value.trim());
  if (values.length !== fields.length) {
    throw cannotRead('nvidia-smi', line, `expected ${fields.length} comma-separated values, got ${values.length}`);
  }
  const v = (field: NvidiaField): string => {
    const at = fields.indexOf(field);
    return at === -1 ? '[not asked]' : (values[at] ?? '');
  };
  const n = (field: NvidiaField): number | null => numeric(v(field), line, field);
  const index = n('index');
  if (!timestampPattern.test(v('timestamp')) || index === null || !Number.isInteger(index) || index < 0) {
    throw cannotRead('nvidia-smi', line, 'no timestamp and GPU index at the start');
  }
  const text = (field: NvidiaField): string => (isBracketed(v(field)) ? '' : v(field));
  return {
    timestamp: v('timestamp'), index, uuid: text('uuid'), name: text('name'), busId: text('pci.bus_id'),
    driverVersion: text('driver_version'), pstate: text('pstate') === '' ? null : text('pstate'),
    utilGpuPct: pctOrNull(n('utilization.gpu')), utilMemPct: pctOrNull(n('utilization.memory')),
    memTotalMiB: n('memory.total'), memUsedMiB: n('memory.used'), memFreeMiB: n('memory.free'),
    temperatureC: n('temperature.gpu'), powerDrawW: n('power.draw'), powerLimitW: n('power.limit'),
    smClockMhz: n('clocks.sm'), memClockMhz: n('clocks.mem'), maxSmClockMhz: n('clocks.max.sm'),
    fanPct: pctOrNull(n('fan.speed')), clockEventReasons: decodeClockEventReasons(v('clocks_event_reasons.active')),
  };
}

/** Reads every non-blank line (several sampling periods may follow each other). */
export function parseNvidiaSmiCsv(text: string): NvidiaGpuReading[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) throw cannotRead('nvidia-smi', text, 'no output');
  return lines.map((line) => parseNvidiaSmiLine(line));
}

const mib = 1024 * 1024;
const bytesOrNull = (valueMiB: number | null): number | null => (valueMiB === null || valueMiB < 0 ? null : valueMiB * mib);
const nonNegative = (value: number | null): number | null => (value === null || value < 0 ? null : value);

/** The schema's GpuSample for one nvidia-smi reading (joined by UUID, else bus id). */
export function nvidiaReadingToSample(reading: NvidiaGpuReading): GpuSample {
  return {
    vendor: 'nvidia',
    index: reading.index,
    id: reading.uuid !== '' ? reading.uuid : reading.busId !== '' ? reading.busId : `nvidia${reading.index}`,
    name: reading.name === '' ? null : reading.name,
    utilPct: reading.utilGpuPct,
    memBusyPct: reading.utilMemPct,
    memUsedBytes: bytesOrNull(reading.memUsedMiB),
    memTotalBytes: bytesOrNull(reading.memTotalMiB),
    powerW: nonNegative(reading.powerDrawW),
    temperatureC: reading.temperatureC,
    smClockMhz: nonNegative(reading.smClockMhz),
    memClockMhz: nonNegative(reading.memClockMhz),
    clockEventReasons: reading.clockEventReasons,
  };
}
