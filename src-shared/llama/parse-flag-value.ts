import type { ArgProblem, FlagValue, LlamaFlag } from './flag-types';

export type CoerceResult = { readonly value: FlagValue } | { readonly problem: ArgProblem };

const trueWords = new Set(['1', 'true', 'on', 'enabled']);
const falseWords = new Set(['0', 'false', 'off', 'disabled']);

/**
 * Reads one raw value for a flag. `spelling` is how the user wrote the flag (or the env var
 * name), so the message points at what they typed. Strict where llama.cpp is lax (`std::stoi`
 * takes "12abc" as 12): a typo in a tuning flag should fail loudly, not run a different test.
 */
export function coerceFlagValue(flag: LlamaFlag, raw: string, spelling: string): CoerceResult {
  switch (flag.type) {
    case 'int':
      return coerceInt(flag, raw, spelling);
    case 'float':
      return coerceFloat(flag, raw, spelling);
    case 'enum':
      return coerceEnum(flag, raw, spelling);
    case 'list':
      return { value: raw.split(',').map((part) => part.trim()).filter((part) => part.length > 0) };
    case 'toggle':
      return coerceToggle(raw, spelling);
    case 'string':
      return { value: raw };
  }
}

function coerceInt(flag: LlamaFlag, raw: string, spelling: string): CoerceResult {
  const keyword = flag.keywords?.[raw];
  if (keyword !== undefined) return { value: keyword };
  if (!/^[+-]?\d+$/.test(raw.trim())) {
    const words = Object.keys(flag.keywords ?? {});
    const expected = words.length > 0 ? `an integer or ${words.join(' or ')}` : 'an integer';
    return invalid(spelling, `${spelling}: '${raw}' is not ${expected}`);
  }
  return checkRange(flag, Number.parseInt(raw, 10), spelling);
}

function coerceFloat(flag: LlamaFlag, raw: string, spelling: string): CoerceResult {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) return invalid(spelling, `${spelling}: '${raw}' is not a number`);
  return checkRange(flag, value, spelling);
}

function checkRange(flag: LlamaFlag, value: number, spelling: string): CoerceResult {
  const below = flag.min !== undefined && value < flag.min;
  const above = flag.max !== undefined && value > flag.max;
  if (below || above || (flag.invalidValues?.includes(value) ?? false)) {
    return {
      problem: { kind: 'out_of_range', flag: spelling, message: `${spelling}: ${value} is out of range (${describeRange(flag)})` },
    };
  }
  return { value };
}

/** `-1 to 256, not 0` — the accepted values in words. */
export function describeRange(flag: LlamaFlag): string {
  const parts: string[] = [];
  if (flag.min !== undefined && flag.max !== undefined) parts.push(`${flag.min} to ${flag.max}`);
  else if (flag.min !== undefined) parts.push(`at least ${flag.min}`);
  else if (flag.max !== undefined) parts.push(`at most ${flag.max}`);
  if (flag.invalidValues !== undefined && flag.invalidValues.length > 0) parts.push(`not ${flag.invalidValues.join(' or ')}`);
  return parts.length > 0 ? parts.join(', ') : 'any number';
}

function coerceEnum(flag: LlamaFlag, raw: string, spelling: string): CoerceResult {
  const value = flag.aliases?.[raw] ?? raw;
  if (flag.choices?.includes(value) ?? false) return { value };
  const hint = raw.startsWith('-') ? ` (a value seems to be missing: ${spelling} takes a value)` : '';
  return invalid(spelling, `${spelling}: unknown value '${raw}', expected ${(flag.choices ?? []).join(', ')}${hint}`);
}

/** Boolean env values as llama.cpp reads them: 1/true/on/enabled and 0/false/off/disabled. */
function coerceToggle(raw: string, spelling: string): CoerceResult {
  const word = raw.trim().toLowerCase();
  if (trueWords.has(word)) return { value: true };
  if (falseWords.has(word)) return { value: false };
  return invalid(spelling, `${spelling}: '${raw}' is not a boolean (use 1/true/on/enabled or 0/false/off/disabled)`);
}

function invalid(spelling: string, message: string): CoerceResult {
  return { problem: { kind: 'invalid_value', flag: spelling, message } };
}
