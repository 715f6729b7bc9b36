import type { ChatMessage } from '../../../src-shared/schemas/dataset';
import { readCappedText } from '../hosts/capped-read';
import type { TokenCounter } from './token-counter';

/**
 * 16 MiB per /tokenize or /apply-template answer: a 128k-token prompt's token ids are about
 * 1 MiB of JSON, and its templated text less. A bigger answer is not the tokenizer talking; it
 * is cut off there and counts as no answer, so the chain moves on.
 */
const maxTokenizeAnswerBytes = 16 * 1024 * 1024;

export interface TokenizeCounterOptions {
  /** The server's base URL (llama-server; /tokenize and /apply-template are llama.cpp routes). */
  url: string;
  apiKey?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * The server's own tokenizer through llama-server's `POST /tokenize`. For a chat prompt it first
 * renders the server's chat template (`POST /apply-template`) and counts with BOS added, which
 * equals the chat request's `usage.prompt_tokens` (reference §2.8). Answers null — so the chain
 * moves on to the estimate — when the server has no such route or does not answer in time.
 */
export function createTokenizeCounter(options: TokenizeCounterOptions): TokenCounter {
  const post = createPoster(options);
  return {
    source: 'tokenize',
    isRemote: true,
    async count(evidence, side) {
      const messages = side === 'input' ? evidence.messages : null;
      const templated = messages && messages.length > 0 ? await applyTemplate(post, messages) : null;
      const content = templated ?? evidence.text;
      if (typeof content !== 'string') return null;
      const body = await post('/tokenize', { content, add_special: templated !== null, parse_special: true });
      const tokens = body !== null && typeof body === 'object' ? (body as { tokens?: unknown }).tokens : undefined;
      return Array.isArray(tokens) ? tokens.length : null;
    },
  };
}

type Poster = (path: string, body: unknown) => Promise<unknown>;

async function applyTemplate(post: Poster, messages: readonly ChatMessage[]): Promise<string | null> {
  const body = await post('/apply-template', { messages });
  const prompt = body !== null && typeof body === 'object' ? (body as { prompt?: unknown }).prompt : undefined;
  return typeof prompt === 'string' ? prompt : null;
}

function createPoster(options: TokenizeCounterOptions): Poster {
  const doFetch = options.fetch ?? fetch;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey !== undefined) headers.authorization = `Bearer ${options.apiKey}`;
  return async (path, body) => {
    try {
      const response = await doFetch(options.url.replace(/\/+$/, '') + path, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      if (!response.ok) {
        await response.body?.cancel();
        return null;
      }
      const answer = response.body === null ? null : await readCappedText(response.body, maxTokenizeAnswerBytes);
      return answer?.kind === 'text' ? (JSON.parse(answer.text) as unknown) : null;
    } catch {
      // Unreachable, timed out or not JSON: this source has nothing to say; the chain goes on.
      return null;
    }
  };
}
