const unitToS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/**
 * Parses a human duration into seconds: `500ms`, `30s`, `1.5m`, `2h`, or a bare number of
 * seconds. Returns undefined for anything else (negative values, unknown units, `1m30s`).
 */
export function parseDurationS(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)?$/i.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  const scale = unitToS[unit];
  if (scale === undefined || !Number.isFinite(value)) return undefined;
  return Math.round(value * scale * 1000) / 1000;
}

/** Seconds as the shortest readable duration: 500ms, 30s, 2m, 1.5h. */
export function formatDurationS(durationS: number): string {
  if (durationS < 1) return `${Math.round(durationS * 1000)}ms`;
  if (durationS < 120) return `${Number(durationS.toFixed(1))}s`;
  if (durationS < 7200) return `${Number((durationS / 60).toFixed(1))}m`;
  return `${Number((durationS / 3600).toFixed(1))}h`;
}
