import { describeByte, formatSize, malformedDataset } from './dataset-errors';

const quote = 0x22;
const backslash = 0x5c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const comma = 0x2c;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

type State = 'start' | 'first-value' | 'value' | 'in-value' | 'after-value' | 'done';

export interface JsonArrayScannerOptions {
  /** Called with each top-level element's JSON text and the byte offset where it starts. */
  onElement: (text: string, offset: number) => void;
  /** Named in error messages. */
  path: string;
  /** An element larger than this is a broken file (an unterminated string swallowing the rest). */
  maxElementBytes?: number;
}

/**
 * Splits a top-level JSON array into its elements as bytes arrive, without ever holding more
 * than one element: this is how a 600 MB ShareGPT file is read in constant memory. It checks
 * only the array's own structure (brackets, commas, strings); each element's JSON is left to
 * the caller, so one bad entry can be skipped while a broken file stops with the byte offset.
 * Byte-level scanning is safe for UTF-8: every byte of a multi-byte character is ≥ 0x80.
 */
export class JsonArrayScanner {
  private state: State = 'start';
  private offset = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private isScalar = false;
  private parts: Buffer[] = [];
  private partBytes = 0;
  private elementStart = 0;
  private nextQuote = -1;
  private nextBackslash = -1;
  private readonly maxElementBytes: number;

  constructor(private readonly options: JsonArrayScannerOptions) {
    this.maxElementBytes = options.maxElementBytes ?? 64 * 1024 * 1024;
  }

  /** Bytes consumed so far. */
  get bytesRead(): number {
    return this.offset;
  }

  push(chunk: Buffer): void {
    this.nextQuote = -1;
    this.nextBackslash = -1;
    let index = 0;
    while (index < chunk.length) {
      if (this.state === 'in-value') {
        const segmentStart = index;
        index = this.scanValue(chunk, index);
        this.keep(chunk, segmentStart, index);
        continue;
      }
      index = this.structural(chunk, index);
    }
    this.offset += chunk.length;
  }

  /** Call at end of file: throws when the array was not closed. */
  end(): void {
    if (this.state === 'done') return;
    if (this.state === 'start') throw this.fail(this.offset, 'the file is empty; expected a JSON array');
    const where = this.state === 'in-value' ? ` inside the entry that starts at byte ${this.elementStart}` : '';
    throw this.fail(this.offset, `the file ends before the closing ']'${where} (truncated file?)`);
  }

  private structural(chunk: Buffer, index: number): number {
    const byte = chunk[index]!;
    const at = this.offset + index;
    if (isSpace(byte)) return index + 1;
    if (this.state === 'start') {
      if (at === 0 && byte === 0xef && chunk[index + 1] === 0xbb && chunk[index + 2] === 0xbf) return index + 3;
      if (byte !== openBracket) throw this.fail(at, `expected '[' (a JSON array of conversations), found ${describeByte(byte)}`, 'For one JSON object per line, import the file as a .jsonl prompt file.');
      this.state = 'first-value';
      return index + 1;
    }
    if (this.state === 'done') throw this.fail(at, `unexpected ${describeByte(byte)} after the closing ']'`);
    if (this.state === 'after-value') {
      if (byte === comma) this.state = 'value';
      else if (byte === closeBracket) this.state = 'done';
      else throw this.fail(at, `expected ',' or ']' between entries, found ${describeByte(byte)}`);
      return index + 1;
    }
    // first-value or value: a trailing comma before ']' is tolerated (hand-edited files have them).
    if (byte === closeBracket) {
      this.state = 'done';
      return index + 1;
    }
    if (byte === comma) throw this.fail(at, 'an empty entry (two commas in a row)');
    this.beginValue(byte, at);
    return index;
  }

  private beginValue(byte: number, at: number): void {
    this.state = 'in-value';
    this.elementStart = at;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.isScalar = byte !== openBrace && byte !== openBracket && byte !== quote;
    this.parts = [];
    this.partBytes = 0;
  }

  /** Advances through one value; returns where scanning stopped (after the value, or at chunk end). */
  private scanValue(chunk: Buffer, start: number): number {
    let index = start;
    while (index < chunk.length) {
      if (this.inString) {
        index = this.skipString(chunk, index);
        if (!this.inString && this.depth === 0 && !this.isScalar) return this.finish(chunk, { start, end: index });
        continue;
      }
      const byte = chunk[index]!;
      if (this.isScalar) {
        if (byte === comma || byte === closeBracket || isSpace(byte)) return this.finish(chunk, { start, end: index });
        index += 1;
        continue;
      }
      index += 1;
      if (byte === quote) this.inString = true;
      else if (byte === openBrace || byte === openBracket) this.depth += 1;
      else if (byte === closeBrace || byte === closeBracket) {
        this.depth -= 1;
        if (this.depth === 0) return this.finish(chunk, { start, end: index });
      }
    }
    return index;
  }

  /** Inside a string: jumps to the next quote or backslash with native searches. */
  private skipString(chunk: Buffer, index: number): number {
    if (this.escaped) {
      this.escaped = false;
      return index + 1;
    }
    if (this.nextQuote < index && this.nextQuote !== Infinity) this.nextQuote = indexOrInfinity(chunk, quote, index);
    if (this.nextBackslash < index && this.nextBackslash !== Infinity) this.nextBackslash = indexOrInfinity(chunk, backslash, index);
    const stop = Math.min(this.nextQuote, this.nextBackslash);
    if (stop === Infinity) return chunk.length;
    if (stop === this.nextBackslash) this.escaped = true;
    else this.inString = false;
    return stop + 1;
  }

  private keep(chunk: Buffer, from: number, to: number): void {
    if (this.state !== 'in-value' || to <= from) return;
    this.parts.push(chunk.subarray(from, to));
    this.partBytes += to - from;
    if (this.partBytes > this.maxElementBytes) {
      throw this.fail(this.elementStart, `an entry longer than ${formatSize(this.maxElementBytes)} (an unterminated string?)`);
    }
  }

  /** Emits the element: the parts kept from earlier chunks plus this chunk's [start, end). */
  private finish(chunk: Buffer, segment: { start: number; end: number }): number {
    const { start, end } = segment;
    const tail = chunk.subarray(start, end);
    const whole = this.parts.length === 0 ? tail : Buffer.concat([...this.parts, tail]);
    this.parts = [];
    this.partBytes = 0;
    this.state = 'after-value';
    this.options.onElement(whole.toString('utf8'), this.elementStart);
    return end;
  }

  private fail(at: number, why: string, hint?: string): Error {
    return malformedDataset({ path: this.options.path, at: `byte ${at}`, why, ...(hint === undefined ? {} : { hint }) });
  }
}

function indexOrInfinity(chunk: Buffer, byte: number, from: number): number {
  const found = chunk.indexOf(byte, from);
  return found === -1 ? Infinity : found;
}
