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
