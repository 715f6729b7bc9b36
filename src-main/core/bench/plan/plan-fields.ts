import type { FlashAttn } from '../../../../src-shared/schemas/bench-result';
import type { ListOutcome } from './int-list';

type TextList = string | number | ReadonlyArray<string | number>;

/** KV cache types llama-bench v0.5.0 accepts for -ctk/-ctv (no f32 there, unlike llama-server). */
export const benchCacheTypes = ['f16', 'bf16', 'q8_0', 'q4_0', 'q4_1', 'q5_0', 'q5_1', 'iq4_nl'] as const;

function items(input: TextList): string[] {
  return (Array.isArray(input) ? input.map(String) : String(input).split(',')).map((item) => item.trim());
}

function isEmpty(input: TextList): boolean {
  return Array.isArray(input) ? input.length === 0 || input.every((item) => String(item).trim() === '') : String(input).trim() === '';
}

/**
 * `-fa` values: on, off, auto (the current syntax), also 1/0/-1 and true/false as older builds
 * and scripts write them. An empty value is the classic "-fa without a value" mistake.
 */
export function parseFlashAttnList(input: TextList): ListOutcome<FlashAttn> {
  if (isEmpty(input)) return { ok: false, problems: ['-fa needs a value: on, off or auto'] };
  const words: Record<string, FlashAttn> = { on: 'on', off: 'off', auto: 'auto', '1': 'on', '0': 'off', '-1': 'auto', true: 'on', false: 'off' };
  const values: FlashAttn[] = [];
  const problems: string[] = [];
  for (const item of items(input)) {
    const value = words[item.toLowerCase()];
    if (value) values.push(value);
    else problems.push(item === '' ? '-fa: an empty value' : `-fa: "${item}" is not on, off or auto`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values };
}

/** `-ctk` / `-ctv` cache types, checked against llama-bench's list. */
export function parseTypeList(input: TextList, flag: string): ListOutcome<string> {
  if (isEmpty(input)) return { ok: false, problems: [`${flag} needs a value: one of ${benchCacheTypes.join(', ')}`] };
  const values: string[] = [];
  const problems: string[] = [];
  for (const item of items(input)) {
    const type = item.toLowerCase();
    if ((benchCacheTypes as readonly string[]).includes(type)) values.push(type);
    else problems.push(`${flag}: "${item}" is not a cache type llama-bench takes (${benchCacheTypes.join(', ')})`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values };
}

/** `-pg pp,tg` pairs: an array of "pp,tg", or one text of pairs separated by spaces or ";". */
export function parsePairs(input: string | readonly string[]): ListOutcome<[number, number]> {
  const pairs = Array.isArray(input) ? input.map((pair) => pair.trim()) : String(input).trim().split(/[\s;]+/);
  if (pairs.length === 0 || pairs.every((pair) => pair === '')) return { ok: false, problems: ['-pg needs a value: a pair such as 512,128'] };
  const values: Array<[number, number]> = [];
  const problems: string[] = [];
  for (const pair of pairs) {
    const match = /^(\d+)\s*,\s*(\d+)$/.exec(pair);
    if (!match) problems.push(`-pg: "${pair}" is not a pair of whole numbers such as 512,128`);
    else if (Number(match[1]) === 0 && Number(match[2]) === 0) problems.push(`-pg: "${pair}" runs nothing (both 0)`);
    else values.push([Number(match[1]), Number(match[2])]);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values };
}

/** One whole number in a range, e.g. `-r`. */
export function parseWholeNumber(input: string | number, limits: { flag: string; min: number; max: number }): ListOutcome<number> {
  const text = String(input).trim();
  if (text === '') return { ok: false, problems: [`${limits.flag} needs a value`] };
  if (!/^-?\d+$/.test(text)) return { ok: false, problems: [`${limits.flag}: "${text}" is not a whole number`] };
  const value = Number(text);
  if (value < limits.min || value > limits.max) {
    return { ok: false, problems: [`${limits.flag}: ${value} is out of range (${limits.min} to ${limits.max})`] };
  }
  return { ok: true, values: [value] };
}
