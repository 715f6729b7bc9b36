/**
 * Numbers as an engineer reads them, for every surface (renderer, CLI, reports): units always
 * shown, precision that matches the magnitude (0.42 ms, 12.3 ms, 1,234 ms), and an em dash where
 * there is nothing to show rather than 0. Pure: no DOM, no Node (Intl and Date are language).
 */
const missing = '—';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Significant enough digits for a measured value: 2 decimals below 10, 1 below 100, none above. */
export function formatNumber(value: number | null | undefined): string {
  if (!isNumber(value)) return missing;
  const magnitude = Math.abs(value);
  if (magnitude === 0) return '0';
  if (magnitude < 10) return value.toFixed(2);
  if (magnitude < 100) return value.toFixed(1);
  return grouped.format(value);
}

export function formatCount(value: number | null | undefined): string {
  return isNumber(value) ? grouped.format(value) : missing;
}

export function formatMs(value: number | null | undefined): string {
  return isNumber(value) ? `${formatNumber(value)} ms` : missing;
}

export function formatRate(value: number | null | undefined, unit: 'req/s' | 'tok/s'): string {
  return isNumber(value) ? `${formatNumber(value)} ${unit}` : missing;
}

/** Durations in seconds, as `45 s`, `2 min 5 s` or `1 h 02 min`. */
export function formatDurationS(seconds: number | null | undefined): string {
  if (!isNumber(seconds)) return missing;
  if (seconds < 60) return `${seconds < 10 && !Number.isInteger(seconds) ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  return secs === 0 ? `${minutes} min` : `${minutes} min ${secs} s`;
}

/**
 * Fixed-precision figures for plain-text tables, where columns need no grouping commas: two
 * decimals below 10, one below 100, whole numbers above (1235, 20.0, 1.23).
 */
export function formatPlain(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A rate for plain-text lines: one decimal below 100, whole numbers above (5.2, 1234). */
export function formatPlainRate(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

const byteUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Bytes in binary units, as memory and VRAM are sized: 512 B, 1.50 KiB, 23.4 GiB. */
export function formatBytes(bytes: number | null | undefined): string {
  if (!isNumber(bytes)) return missing;
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${formatNumber(value)} ${byteUnits[unit]}`;
}

/** Seconds as the shortest duration a command line takes back (parseDurationS): 500ms, 30s, 2m, 1.5h. */
export function formatDurationCompact(durationS: number): string {
  if (durationS < 1) return `${Math.round(durationS * 1000)}ms`;
  if (durationS < 120) return `${Number(durationS.toFixed(1))}s`;
  if (durationS < 7200) return `${Number((durationS / 60).toFixed(1))}m`;
  return `${Number((durationS / 3600).toFixed(1))}h`;
}

export function formatPercent(fraction: number | null | undefined): string {
  return isNumber(fraction) ? `${Math.round(fraction * 100)} %` : missing;
}

/** Local wall-clock time, ISO-like so it sorts and reads the same everywhere: 2025-11-22 17:54:03. */
export function formatTimestamp(epochMs: number | null | undefined): string {
  if (!isNumber(epochMs)) return missing;
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const errorClassLabels: Record<string, string> = {
  http_4xx: 'HTTP 4xx',
  http_5xx: 'HTTP 5xx',
  timeout: 'Timeout',
  connection_refused: 'Connection refused',
  connection_reset: 'Connection reset',
  context_exceeded: 'Context size exceeded',
  stream_cut: 'Stream cut short',
  empty_answer: 'Empty answer',
  cancelled: 'Cancelled',
  other: 'Other',
};

export function formatErrorClass(errorClass: string): string {
  return errorClassLabels[errorClass] ?? errorClass;
}
