import type { Handlers, OperationInput, OperationName, OperationOutput } from '../../src-shared/contract';
import { AppError } from '../../src-shared/errors';
import { dispatch } from './dispatch';

/**
 * Calls one contract operation in-process through the same door the Electron and WebSocket
 * bindings use (dispatch: the input parsed with the contract's schema, the output checked outside
 * production), and throws the failure as an AppError instead of returning it as data. For shells
 * that run in the core's own process, such as the CLI.
 */
export async function invokeOperation<K extends OperationName>(handlers: Handlers, op: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
  const result = await dispatch(handlers, op, input);
  if (!result.ok) throw AppError.fromWire(result.error);
  return result.output as OperationOutput<K>;
}
