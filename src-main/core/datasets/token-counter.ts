import type { ChatMessage, TokenCountResult, TokenCountSource } from '../../../src-shared/schemas/dataset';
import { estimateTokens } from './estimate-tokens';

/** What is known about one request's tokens; each counter reads the part it understands. */
export interface TokenEvidence {
  /** The response's OpenAI `usage` object, if it had one. */
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
  /** llama.cpp's `timings` object, if the response had one. */
  timings?: { prompt_n?: unknown; cache_n?: unknown; predicted_n?: unknown } | null;
  /** The text to count: the prompt (input side) or the generated answer (output side). */
  text?: string | null;
  /** The chat messages of the prompt, for a server that can apply its own chat template. */
  messages?: readonly ChatMessage[] | null;
  /** What the dataset expected; compared with the chosen count, never chosen itself. */
  expected?: number | null;
}

export type TokenSide = 'input' | 'output';

/** One source of token counts; null when it has nothing to say about this request. */
export interface TokenCounter {
  readonly source: TokenCountSource;
  /** Whether it costs a round trip (then the chain uses it only when nothing cheaper answered). */
  readonly isRemote: boolean;
  count(evidence: TokenEvidence, side: TokenSide): number | null | Promise<number | null>;
}

/** How far two counts may differ before they are flagged: a share, plus an absolute allowance (e.g. a chat template's tokens). */
export interface TokenTolerance {
  pct: number;
  absTokens: number;
}

export const defaultTolerance: TokenTolerance = { pct: 5, absTokens: 0 };

function wholeCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

/** The server's OpenAI `usage`: what the server billed, the most trusted count. */
export const usageCounter: TokenCounter = {
  source: 'usage',
  isRemote: false,
  count: (evidence, side) => wholeCount(side === 'input' ? evidence.usage?.prompt_tokens : evidence.usage?.completion_tokens),
};

/** llama.cpp `timings`: computed prompt tokens plus the ones served from cache; generated tokens. */
export const timingsCounter: TokenCounter = {
  source: 'timings',
  isRemote: false,
  count: (evidence, side) => {
    if (side === 'output') return wholeCount(evidence.timings?.predicted_n);
    const computed = wholeCount(evidence.timings?.prompt_n);
    return computed === null ? null : computed + (wholeCount(evidence.timings?.cache_n) ?? 0);
  },
};

/** Our character-based estimate: always answers when there is text, never exact. */
export const estimateCounter: TokenCounter = {
  source: 'estimate',
  isRemote: false,
  count: (evidence) => (typeof evidence.text === 'string' ? estimateTokens(evidence.text) : null),
};

/** A token count chooser: the first source that answers wins, the others check it. */
export interface TokenCounterChain {
  count(evidence: TokenEvidence, side: TokenSide): Promise<TokenCountResult>;
}

/**
 * Chains counters, most trusted first (usage → timings → /tokenize → estimate). The first one
 * that answers gives the count and names its source; every other local source that answers,
 * and the dataset's expected length, are kept as checks, and the result is flagged when any
 * of them differs by more than the tolerance. A remote counter is asked only when no local
 * source before it answered, so a run with usage never pays a /tokenize round trip.
 */
export function createTokenCounterChain(counters: readonly TokenCounter[], tolerance: TokenTolerance = defaultTolerance): TokenCounterChain {
  return {
    async count(evidence, side) {
      let chosen: { tokens: number; source: TokenCountSource } | null = null;
      const others: Array<{ source: TokenCountResult['checks'][number]['source']; tokens: number }> = [];
      for (const counter of counters) {
        if (chosen !== null && (counter.isRemote || counter.source === 'estimate')) continue;
        const tokens = await counter.count(evidence, side);
        if (tokens === null) continue;
        if (chosen === null) chosen = { tokens, source: counter.source };
        else others.push({ source: counter.source, tokens });
      }
      if (side === 'input' && typeof evidence.expected === 'number') others.push({ source: 'expected', tokens: evidence.expected });
      return judge(chosen ?? { tokens: 0, source: 'estimate' }, { others, tolerance });
    },
  };
}

/** The same choice over the local sources only, synchronously (for a worker thread's hot path). */
export function countTokensLocally(evidence: TokenEvidence, side: TokenSide, tolerance: TokenTolerance = defaultTolerance): TokenCountResult {
  const answers = [usageCounter, timingsCounter, estimateCounter].flatMap((counter) => {
    const tokens = counter.count(evidence, side) as number | null;
    return tokens === null ? [] : [{ source: counter.source, tokens }];
  });
  const [chosen = { source: 'estimate' as const, tokens: 0 }, ...rest] = answers;
  const others: Array<{ source: TokenCountResult['checks'][number]['source']; tokens: number }> = rest.filter((answer) => answer.source !== 'estimate');
  if (side === 'input' && typeof evidence.expected === 'number') others.push({ source: 'expected', tokens: evidence.expected });
  return judge(chosen, { others, tolerance });
}

function judge(
  chosen: { tokens: number; source: TokenCountSource },
  context: { others: Array<{ source: TokenCountResult['checks'][number]['source']; tokens: number }>; tolerance: TokenTolerance },
): TokenCountResult {
  const checks = context.others.map((other) => ({ ...other, deltaPct: relativeDeltaPct(other.tokens, chosen.tokens) }));
  const disagrees = context.others.some((other) => isBeyondTolerance({ value: other.tokens, reference: chosen.tokens }, context.tolerance));
  return { tokens: chosen.tokens, source: chosen.source, checks, disagrees };
}

/** (other − chosen) ÷ chosen in percent; 100 % when the chosen count is zero and the other is not. */
export function relativeDeltaPct(other: number, chosen: number): number {
  if (chosen === 0) return other === 0 ? 0 : 100;
  return ((other - chosen) / chosen) * 100;
}

/** A count disagrees with the reference (the chosen count) when it is off by more than pct of it and more than absTokens. */
export function isBeyondTolerance(pair: { value: number; reference: number }, tolerance: TokenTolerance): boolean {
  const difference = Math.abs(pair.value - pair.reference);
  return difference > tolerance.absTokens && difference > (tolerance.pct / 100) * pair.reference;
}
