import type { DatasetPrompt, DatasetReport, SyntheticDatasetSpec } from '../../../src-shared/schemas/dataset';
import { promptStats } from './dataset-collector';
import { createRandom, drawLength, type Random } from './seeded-random';

/**
 * Short, common English words (five letters at most): each is a single token with its leading
 * space in the BPE and SentencePiece vocabularies of common models, so a prompt of N words is
 * close to N tokens.
 * `tokensPerWord` corrects for a vocabulary where that is not so (see calibrateTokensPerWord).
 */
export const syntheticWords = (
  'the of and to in is was for on that with as by at from his her they this are be had not but ' +
  'have one all were when we there can an which their said if do will each about how up out them ' +
  'then she many some so these would other into has more two like him see time could no make than ' +
  'first been its who now people my made over did down only way find use may water long little ' +
  'very after words called just where most know get through back much before go good new write ' +
  'our used me man too any day same right look think also around another came come work three ' +
  'word must because does part even place well such here take why things help put years different ' +
  'away again off went old number great tell men say small every found still between name should ' +
  'home big give air line set own under read last never us left end along while might next sound ' +
  'below saw something thought both few those always looked show large often together asked house ' +
  'world going want school important until form food keep children feet land side without boy once ' +
  'animals life enough took sometimes four head above kind began almost live page got earth need'
)
  .split(' ')
  .filter((word) => word.length <= 5);

export interface SyntheticOptions {
  /** Tokens one word of `syntheticWords` costs in the target's vocabulary (1 unless calibrated). */
  tokensPerWord?: number;
}

/**
 * Generates a synthetic dataset: per prompt an input and an output length drawn from the spec's
 * seeded distributions, and text of about that many tokens. With a shared-prefix ratio r, the
 * first r × length tokens of every prompt are the same text (so a server's prompt cache can
 * reuse them) and the rest is unique to the prompt. Lengths, prefix and bodies use separate
 * seeded streams, so changing the ratio never changes the lengths.
 */
export function generateSynthetic(spec: SyntheticDatasetSpec, options: SyntheticOptions = {}): { prompts: DatasetPrompt[]; report: DatasetReport } {
  const startedMs = performance.now();
  const tokensPerWord = options.tokensPerWord ?? 1;
  const lengths = createRandom(spec.seed);
  const bodies = createRandom(spec.seed ^ 0x5bd1e995);
  const drawn = Array.from({ length: spec.count }, () => ({ input: drawLength(spec.input, lengths), output: drawLength(spec.output, lengths) }));
  const prefixWords = Math.max(0, ...drawn.map((d) => wordsFor(Math.round(d.input * spec.sharedPrefixRatio), tokensPerWord)));
  const prefix = randomWords(createRandom(spec.seed ^ 0x27d4eb2f), prefixWords);
  const prompts = drawn.map((lengthPair, index): DatasetPrompt => {
    const totalWords = wordsFor(lengthPair.input, tokensPerWord);
    const sharedWords = Math.min(totalWords, wordsFor(Math.round(lengthPair.input * spec.sharedPrefixRatio), tokensPerWord));
    const words = [...prefix.slice(0, sharedWords), ...randomWords(bodies, totalWords - sharedWords)];
    return {
      index,
      messages: [{ role: 'user', content: words.join(' ') }],
      expectedInputTokens: lengthPair.input,
      expectedInputSource: 'estimate',
      maxTokens: lengthPair.output,
    };
  });
  const report: DatasetReport = {
    kind: 'synthetic',
    entries: spec.count,
    eligible: spec.count,
    filtered: 0,
    malformed: 0,
    problems: [],
    prompts: prompts.length,
    bytesRead: 0,
    ...promptStats(prompts),
    durationMs: performance.now() - startedMs,
  };
  return { prompts, report };
}

function wordsFor(tokens: number, tokensPerWord: number): number {
  return tokens <= 0 ? 0 : Math.max(1, Math.round(tokens / tokensPerWord));
}

function randomWords(random: Random, count: number): string[] {
  return Array.from({ length: count }, () => syntheticWords[Math.floor(random() * syntheticWords.length)]!);
}

/** A fixed sample text of `words` synthetic words, for measuring a vocabulary's tokens per word. */
export function calibrationText(words = 512): string {
  return randomWords(createRandom(0x5eed), words).join(' ');
}

/**
 * Measures how many tokens one synthetic word costs on the target server, from one `/tokenize`
 * call on a fixed 512-word text. Feed the result to generateSynthetic so prompts hit their
 * lengths on vocabularies where short words split (e.g. a 512-token toy vocabulary).
 */
export async function calibrateTokensPerWord(countTokens: (text: string) => Promise<number | null>): Promise<number | null> {
  const words = 512;
  const tokens = await countTokens(calibrationText(words));
  return tokens === null || tokens <= 0 ? null : tokens / words;
}
