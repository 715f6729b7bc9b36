import type { z } from 'zod';

/** One request/response operation: its input is parsed at the core's door, its output in dev/test. */
export interface OperationSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One line for the API docs and the error the UI shows when the call fails. */
  summary: string;
}

export function defineOperation<I extends z.ZodType, O extends z.ZodType>(spec: OperationSpec<I, O>): OperationSpec<I, O> {
  return spec;
}
