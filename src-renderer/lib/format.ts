/**
 * Numbers as an engineer reads them: units always shown, precision that matches the magnitude
 * (0.42 ms, 12.3 ms, 1,234 ms), and an em dash where there is nothing to show rather than 0.
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

/** A file size in binary units, one decimal from KiB up: 512 B, 1.5 KiB, 3.2 MiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'] as const;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
