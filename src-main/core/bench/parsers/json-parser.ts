import type { BenchResult } from '../../../../src-shared/schemas/bench-result';
import { normaliseRecord, type RawRecord } from './normalise-record';
import { benchParseError } from './parse-error';

/** Parsed results plus what the reader had to work around, for the user to see. */
export interface ParsedBench {
  results: BenchResult[];
  warnings: string[];
}

/**
 * Reads `-o json` output: one array of result objects (also a single object, as `jq` may leave
 * it). llama-bench flushes the array one object at a time, so a killed run leaves it unterminated:
 * every complete object is still read and a warning says the output was cut.
 */
export function parseBenchJson(text: string): ParsedBench {
  const whole = tryParse(text.trim());
  if (whole.ok) return fromValue(whole.value);
  const objects = scanTopLevelObjects(text);
  if (objects.complete.length === 0) {
    if (objects.isCut || /^\s*\[\s*$/.test(text)) return { results: [], warnings: ['the output holds no finished test'] };
    throw benchParseError('the JSON output is not valid JSON and holds no complete result');
  }
  const results = objects.complete.map((source, index) => {
    const parsed = tryParse(source);
    if (!parsed.ok || !isRecord(parsed.value)) throw benchParseError(`result ${index + 1} is not a JSON object`);
    return normaliseRecord(parsed.value, { where: `result ${index + 1}` });
  });
  const warnings = objects.isCut ? ['the JSON output ends mid-result (run interrupted?); the last, unfinished result was skipped'] : [];
  return { results, warnings };
}

function fromValue(value: unknown): ParsedBench {
  const items = Array.isArray(value) ? value : [value];
  const results = items.map((item, index) => {
    if (!isRecord(item)) throw benchParseError(`result ${index + 1} is not a JSON object`);
    return normaliseRecord(item, { where: `result ${index + 1}` });
  });
  return { results, warnings: [] };
}

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is RawRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON.parse without exceptions. */
export function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * The source text of each complete `{…}` directly inside the outer array (or at the top level),
 * found by counting braces outside strings; `isCut` when the text ends inside an object.
 */
function scanTopLevelObjects(text: string): { complete: string[]; isCut: boolean } {
  const complete: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  const base = /^\s*\[/.test(text) ? 1 : 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === base && c === '{') start = i;
      depth += 1;
    } else if (c === '}' || c === ']') {
      depth -= 1;
      if (depth === base && c === '}' && start >= 0) complete.push(text.slice(start, i + 1));
    }
  }
  return { complete, isCut: depth > base || inString };
}
