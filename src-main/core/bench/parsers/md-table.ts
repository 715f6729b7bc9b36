/**
 * Line-level helpers for markdown tables as llama-bench prints them and as users paste them:
 * rows are split on `|` (never by column position: long labels overflow their width), `>` quote
 * markers from e-mail or GitHub replies are dropped.
 */

/** The line without leading `>` quote markers and surrounding space. */
export function stripQuoteMarkers(line: string): string {
  return line.replace(/^\s*(>\s?)+/, '').trim();
}

/** The cells of a table row, trimmed; null when the line is not a table row. */
export function splitMdRow(line: string): string[] | null {
  const text = stripQuoteMarkers(line);
  if (!text.startsWith('|')) return null;
  const inner = text.endsWith('|') && text.length > 1 ? text.slice(1, -1) : text.slice(1);
  return inner.split('|').map((cell) => cell.trim());
}

/** True for the `| --- | ---: |` line under a header. */
export function isSeparatorRow(cells: string[]): boolean {
  return cells.length > 0 && cells.every((cell) => /^:?-+:?$/.test(cell));
}

/** True for a llama-bench header: it has a `test` and a `t/s` column. */
export function isBenchHeader(cells: string[]): boolean {
  const names = cells.map((cell) => cell.toLowerCase());
  return names.includes('test') && names.includes('t/s');
}

/** The `build: <commit> (<number>)` footer llama-bench prints under its table. */
export function parseBuildLine(line: string): { commit: string; number: number | null } | null {
  // The commit stops at `(`: with `\S+` every `(` it gave back re-scanned the rest of the line (quadratic).
  const match = /^build:\s*([^\s(]+)\s*\(([^)]*)\)/.exec(stripQuoteMarkers(line));
  if (!match) return null;
  const number = /^\d+$/.test(match[2]!.trim()) ? Number(match[2]) : null;
  return { commit: match[1]!, number };
}

/**
 * Mean and standard deviation from a `t/s` cell: "8415.79 ± 223.16" (also "+/-"). A bare mean is
 * refused: without its spread no comparison could tell signal from noise.
 */
export function parseRateCell(cell: string): { avg: number; stddev: number } | null {
  const match = /^(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(?:±|\+\/-|\+-)\s*(\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/i.exec(cell.trim());
  if (!match) return null;
  return { avg: Number(match[1]), stddev: Number(match[2]) };
}

/**
 * Fits a row to the header. A `-ot` pattern may itself hold `|` (a regex alternative), which adds
 * cells: when the header has an `ot` column the surplus is joined back into it.
 */
export function fitRowToHeader(cells: string[], header: string[]): string[] | null {
  if (cells.length === header.length) return cells;
  const ot = header.findIndex((name) => name.toLowerCase() === 'ot');
  if (cells.length < header.length || ot < 0) return null;
  const surplus = cells.length - header.length;
  const joined = cells.slice(ot, ot + surplus + 1).join('|');
  return [...cells.slice(0, ot), joined, ...cells.slice(ot + surplus + 1)];
}
