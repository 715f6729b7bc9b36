import { operations, isOperationName, type Handlers } from '../../src-shared/contract';
import { AppError, toAppError } from '../../src-shared/errors';
import type { InvokeResult } from '../../src-shared/contract/wire';

/**
 * The door every shell goes through: looks up the operation, parses its input with the
 * contract's schema, calls the core, and turns any failure into AppError data. Outside
 * production the output is parsed too, so a core that drifts from the contract fails loudly.
 */
export async function dispatch(handlers: Handlers, op: string, input: unknown): Promise<InvokeResult> {
  try {
    if (!isOperationName(op)) throw new AppError('invalid_input', `Unknown operation "${op}".`);
    const spec = operations[op];
    const parsedInput = spec.input.parse(input ?? {});
    const handler = handlers[op] as (value: unknown) => Promise<unknown>;
    const output = await handler(parsedInput);
    if (process.env.NODE_ENV !== 'production') spec.output.parse(output);
    return { ok: true, output };
  } catch (error) {
    return { ok: false, error: toAppError(error).toWire() };
  }
}
