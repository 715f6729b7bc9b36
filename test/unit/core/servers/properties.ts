import fc from 'fast-check';
import { expect } from 'vitest';
import { AppError } from '../../../../src-shared/errors';

/** Any text gives a result or a parse_error saying "cannot read <endpoint> output" — never a TypeError. */
export function expectOnlyServerParseErrors(parse: (text: string) => unknown, endpoint: string, arbitrary: fc.Arbitrary<string> = fc.string({ maxLength: 300 })): void {
  fc.assert(
    fc.property(arbitrary, (text) => {
      try {
        parse(text);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('parse_error');
        expect((error as AppError).message).toContain(`cannot read ${endpoint} output`);
      }
    }),
    { numRuns: 300 },
  );
}
