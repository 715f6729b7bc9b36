import { StringDecoder } from 'node:string_decoder';

/**
 * Turns a byte stream into whole lines. Chunks may split a line or a UTF-8 character anywhere;
 * neither reaches the callback torn. `flush` hands over a last line that had no `\n`.
 */
export function createLineSplitter(onLine: (line: string) => void): { push(chunk: Buffer | string): void; flush(): void } {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  return {
    push(chunk) {
      pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
      // Walk by index so a chunk of many lines is not re-copied once per line.
      let start = 0;
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        onLine(pending.slice(start, newline));
        start = newline + 1;
        newline = pending.indexOf('\n', start);
      }
      pending = pending.slice(start);
    },
    flush() {
      pending += decoder.end();
      if (pending !== '') onLine(pending);
      pending = '';
    },
  };
}
