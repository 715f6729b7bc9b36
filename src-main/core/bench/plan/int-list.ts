/** Result of reading one list: its values, or every problem found in it. */
export type ListOutcome<T> = { ok: true; values: T[] } | { ok: false; problems: string[] };

/** No list may expand past this: a typo such as "1-100000" must not plan a week of benchmarks. */
export const maxListValues = 256;

const itemPattern = /^(-?\d+)(?:-(-?\d+)(?:([+*])(\d+))?)?$/;

/**
 * Reads an integer list in llama-bench's syntax: comma-separated values and ranges
 * `first-last`, `first-last+step`, `first-last*mult` ("1-8*2" → 1,2,4,8; "0,10-30+10,99").
 * Numbers from a form may come as numbers. Reports every bad item, not just the first.
 */
export function parseIntList(input: string | number | ReadonlyArray<string | number>): ListOutcome<number> {
  const items = Array.isArray(input) ? input.map(String) : String(input).split(',');
  const values: number[] = [];
  const problems: string[] = [];
  for (const raw of items) {
    const expanded = expandItem(raw.trim());
    if (typeof expanded === 'string') problems.push(expanded);
    else values.push(...expanded);
  }
  if (problems.length === 0 && values.length > maxListValues) problems.push(`the list expands to ${values.length} values, more than ${maxListValues}`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values };
}

/** The values of one item, or why it is not one. */
function expandItem(item: string): number[] | string {
  if (item === '') return 'an empty value (two commas in a row, or nothing at all)';
  const match = itemPattern.exec(item);
  if (!match) return `"${item}" is not a whole number or a range such as 1-8, 128-512+128, 1-16*2`;
  const first = Number(match[1]);
  if (match[2] === undefined) return [first];
  const last = Number(match[2]);
  if (last < first) return `"${item}": a range must go up (first-last)`;
  const step = match[4] === undefined ? 1 : Number(match[4]);
  if (match[3] === '*') return expandGeometric(item, { first, last, factor: step });
  if (step < 1) return `"${item}": the step must be 1 or more`;
  const count = Math.floor((last - first) / step) + 1;
  if (count > maxListValues) return `"${item}" expands to ${count} values, more than ${maxListValues}`;
  return Array.from({ length: count }, (_, i) => first + i * step);
}

function expandGeometric(item: string, range: { first: number; last: number; factor: number }): number[] | string {
  if (range.factor < 2) return `"${item}": the multiplier must be 2 or more`;
  if (range.first < 1) return `"${item}": a multiplied range must start at 1 or more`;
  const values: number[] = [];
  for (let v = range.first; v <= range.last; v *= range.factor) values.push(v);
  return values;
}
