import type { OperationInput, OperationName, OperationOutput } from '../contract';
import { maxBenchImportPartChars } from './bench.contract';

/** Anything that calls contract operations: the renderer's client, the core in-process (core.invoke). */
export interface ContractInvoker {
  invoke<K extends OperationName>(op: K, input: OperationInput<K>): Promise<OperationOutput<K>>;
}

/** What an import asks for: the whole text, however long, and how to label it. */
export type BenchImportRequest = Omit<OperationInput<'bench.import'>, 'text' | 'uploadId'> & { text: string };

/**
 * Cuts text into pieces of at most `maxChars` UTF-16 code units, never between the two halves of
 * a surrogate pair, so each piece is valid text on its own and the pieces join back exactly.
 */
export function splitIntoParts(text: string, maxChars: number): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + maxChars);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && end - start > 1 && last >= 0xd800 && last <= 0xdbff) end -= 1;
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}

/**
 * Imports llama-bench output of any size up to the contract's cap: text that fits one call goes
 * as it is; longer text is sent in order with bench.importPart (each call well under the
 * WebSocket's message limit), then bench.import stores the whole. Works over any transport,
 * and in-process (the CLI).
 */
export async function importBenchInParts(api: ContractInvoker, request: BenchImportRequest, maxChars = maxBenchImportPartChars): Promise<OperationOutput<'bench.import'>> {
  const { text, ...rest } = request;
  if (text.length <= maxChars) return api.invoke('bench.import', { ...rest, text });
  let uploadId: string | undefined;
  for (const [index, part] of splitIntoParts(text, maxChars).entries()) {
    ({ uploadId } = await api.invoke('bench.importPart', { ...(uploadId === undefined ? {} : { uploadId }), index, text: part }));
  }
  return api.invoke('bench.import', { ...rest, uploadId });
}
