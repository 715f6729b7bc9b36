import { StringDecoder } from 'node:string_decoder';
import { byteSizeLabel } from './capped-read';

/**
 * 1 MiB characters per line of a streamed command. The longest lines the workbench streams
 * (llama-bench JSONL records, sampler and nvidia-smi lines) are a few KiB; a line is held
 * whole until its `\n` arrives, so a program printing without newlines must not fill memory.
 */
export const maxStreamLineChars = 1024 * 1024;

/** Options of createLineSplitter. */
export interface LineSplitterOptions {
  /** Called once per line longer than maxLineChars, which is skipped whole (never handed over cut). */
  onTooLong?: () => void;
  /** Default maxStreamLineChars. */
  maxLineChars?: number;
}

/** The message for a skipped over-long line of `stream` of the command on `where`. */
export function lineTooLongMessage(stream: 'stdout' | 'stderr', where: string): string {
  return `A line on the ${stream} of the command on ${where} is longer than ${byteSizeLabel(maxStreamLineChars)}; the workbench reads lines of at most that and skipped it.`;
}

/**
 * Turns a byte stream into whole lines. Chunks may split a line or a UTF-8 character anywhere;
 * neither reaches the callback torn. `flush` hands over a last line that had no `\n`. Work is
 * linear in the bytes pushed, however they are chunked, and a line longer than the cap is
 * dropped as it grows (reported through `onTooLong`), so memory stays within the cap.
 */
export function createLineSplitter(onLine: (line: string) => void, options: LineSplitterOptions = {}): { push(chunk: Buffer | string): void; flush(): void } {
  const maxLineChars = options.maxLineChars ?? maxStreamLineChars;
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let isSkipping = false;
  const skip = (): void => {
    if (!isSkipping) options.onTooLong?.();
    isSkipping = true;
    pending = '';
  };
  const endLine = (line: string): void => {
    if (isSkipping || line.length > maxLineChars) skip();
    else onLine(line);
    isSkipping = false;
  };
  const take = (text: string): void => {
    // Only the new text is searched, so a long line arriving in small chunks is not re-scanned.
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      endLine(pending + text.slice(start, newline));
      pending = '';
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    if (isSkipping) return;
    pending += text.slice(start);
    if (pending.length > maxLineChars) skip();
  };
  return {
    push: (chunk) => take(typeof chunk === 'string' ? chunk : decoder.write(chunk)),
    flush() {
      take(decoder.end());
      if (pending !== '' || isSkipping) endLine(pending);
      pending = '';
    },
  };
}
