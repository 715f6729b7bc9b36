import type { RequestTiming } from './request-timing';

/** `usage` sits before `data` in some servers' answers (llama.cpp) and after it in others (OpenAI, vLLM). */
const headChars = 1024;
const tailChars = 4096;
/** The key with its colon: `"object":"embedding"` (a value) must not count. */
const keyText = '"embedding":';

/**
 * Reads an embeddings answer without keeping it: a batch of thousands of vectors can be tens
 * of MB, and all a load test needs is how many vectors came back and the usage. Counts
 * `"embedding":` keys across reads (a key split between two reads is caught by a short carry)
 * and keeps only the first and last few KB, where `usage` sits.
 */
export class EmbeddingsBodyScanner {
  private vectors = 0;
  private carry = '';
  private head = '';
  private tail = '';

  reset(): void {
    this.vectors = 0;
    this.carry = '';
    this.head = '';
    this.tail = '';
  }

  push(text: string): void {
    if (this.head.length < headChars) this.head += text.slice(0, headChars - this.head.length);
    const scan = this.carry + text;
    for (let at = scan.indexOf(keyText); at !== -1; at = scan.indexOf(keyText, at + keyText.length)) this.vectors += 1;
    this.carry = scan.slice(-(keyText.length - 1));
    this.tail = (this.tail + text).slice(-tailChars);
  }

  /** Decides the request: success when `expectedVectors` came back, with usage.prompt_tokens as the input count. */
  finish(timing: RequestTiming, expectedVectors: number): void {
    timing.sawDone = true;
    const usage = /"prompt_tokens"\s*:\s*(\d+)/.exec(this.tail) ?? /"prompt_tokens"\s*:\s*(\d+)/.exec(this.head);
    if (usage) timing.usagePromptTokens = Number(usage[1]);
    timing.usageOutputTokens = 0;
    if (this.vectors === 0) {
      const isError = this.head.trimStart().startsWith('{"error"');
      timing.fail(isError ? 'other' : 'empty_answer', isError ? `error in the answer: ${this.head.slice(0, 200)}` : 'the answer held no embedding');
    } else if (this.vectors !== expectedVectors) {
      timing.fail('other', `${this.vectors} embeddings came back for ${expectedVectors} inputs`);
    }
  }
}
