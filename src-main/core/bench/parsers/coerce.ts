import type { FlashAttn, ParamValue } from '../../../../src-shared/schemas/bench-result';
import { fieldKind } from './bench-fields';

/** An integer from a JSON number or from text such as CSV's "2048"; null when it is not one. */
export function toInt(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return null;
}

/** A finite number from a JSON number or numeric text; null otherwise. */
export function toFloat(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/** A boolean from JSON true/false or the 0/1 that CSV, SQL and markdown print. */
export function toBool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (text === '1' || text === 'true') return true;
  if (text === '0' || text === 'false') return false;
  return null;
}

/** Text from any printed value; null for null/undefined. */
export function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}

/**
 * Flash attention from any spelling llama-bench has used: a boolean (before Aug 2025), an int
 * (-1 auto, 0 off, 1 on) or the words themselves.
 */
export function toFlashAttn(value: unknown): FlashAttn | null {
  const text = String(value).trim().toLowerCase();
  if (text === 'true' || text === '1' || text === 'on' || text === 'enabled') return 'on';
  if (text === 'false' || text === '0' || text === 'off' || text === 'disabled') return 'off';
  if (text === '-1' || text === 'auto') return 'auto';
  return null;
}

/**
 * A parameter value typed by its field: known int and bool fields become numbers and booleans
 * whether they came from JSON or from text, text fields stay text. Null when a typed field holds
 * something else, so that the caller can keep it aside instead of breaking the schema.
 */
export function toParamValue(field: string, value: unknown): ParamValue | null {
  const kind = fieldKind(field);
  if (kind === 'flash_attn') return toFlashAttn(value);
  if (kind === 'int') return toInt(value);
  if (kind === 'float') return toFloat(value);
  if (kind === 'bool') return toBool(value);
  return typeof value === 'object' ? null : String(value);
}

/** Values of fields nobody described: kept as printed, arrays and objects as JSON text. */
export function opaqueValue(value: unknown): ParamValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value) ?? String(value);
}

/** Text values parsed as numbers when they look like one, for markdown columns nobody described. */
export function guessValue(text: string): ParamValue {
  return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
}
