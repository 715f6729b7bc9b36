import fc from 'fast-check';
import { expect } from 'vitest';
import { AppError } from '../../../../src-shared/errors';

/**
 * The property every parser of outside text must have: on any input it returns or throws a
 * `parse_error` AppError whose message says "cannot read <tool> output" — never a TypeError.
 */
export function expectOnlyParseErrors(parse: (text: string) => unknown, tool: string, arbitrary: fc.Arbitrary<string> = fc.string({ maxLength: 300 })): void {
  fc.assert(
    fc.property(arbitrary, (text) => {
      try {
        parse(text);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('parse_error');
        expect((error as AppError).message).toContain(`cannot read ${tool} output`);
      }
    }),
    { numRuns: 300 },
  );
}

/** Text that looks like a tool's output: its own lines mutated, cut, and mixed with noise. */
export function mutatedLines(source: string): fc.Arbitrary<string> {
  const lines = source.split('\n');
  const line = fc.oneof(
    fc.constantFrom(...lines),
    fc.constantFrom(...lines).chain((base) => fc.nat(Math.max(base.length, 1)).map((cut) => base.slice(0, cut))),
    fc.constantFrom(...lines).chain((base) => fc.string({ maxLength: 8 }).map((noise) => base.replace(/\d/, noise))),
    fc.string({ maxLength: 40 }),
  );
  return fc.array(line, { maxLength: 12 }).map((parts) => parts.join('\n'));
}

/** JSON-ish values shaped like a tool's JSON: the fixture with values swapped for odd ones. */
export function mutatedJson(source: string): fc.Arbitrary<string> {
  const odd = fc.oneof(fc.constant(null), fc.constant('N/A'), fc.integer(), fc.double(), fc.string({ maxLength: 5 }), fc.constant([]), fc.constant({}));
  return fc.tuple(fc.nat(200), odd).map(([seed, value]) => {
    const parsed = JSON.parse(source) as unknown;
    let counter = 0;
    const walk = (node: unknown): unknown => {
      counter += 1;
      if (counter === seed) return value;
      if (Array.isArray(node)) return node.map(walk);
      if (node !== null && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
      return node;
    };
    return JSON.stringify(walk(parsed));
  });
}
