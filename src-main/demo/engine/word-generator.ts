import { splitPieces } from './toy-tokenizer';

/**
 * A seeded generator of plausible English-looking text, one token piece at a time. Answers are
 * sentences of 6–18 words; at each sentence end the answer stops ("EOS") with a fixed chance,
 * unless EOS is ignored. Same seed → same text, so tests and runs are repeatable.
 */

const words = (
  'the a an of to in on for with and but or as at by from that this these those it its we you they ' +
  'model server token tokens slot slots queue batch cache memory thread threads core cores prompt ' +
  'answer request stream latency speed time fast slow small large long short first last next every ' +
  'each more less many few good better best simple clear quick steady load test run runs result ' +
  'value number count rate point limit level step steps part parts work works worked shows ' +
  'gives takes makes keeps holds waits reads writes sends finds moves grows falls rises stays ' +
  'throughput concurrency inference context generation measurement benchmark configuration ' +
  'because while when where after before until since so then also only still just even often ' +
  'here there now later today always never usually sometimes'
).split(' ');

/** A small, fast 32-bit PRNG (mulberry32): good enough for text, fully deterministic. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedPiece {
  /** Token text, or '' for end-of-generation. */
  readonly piece: string;
  readonly isEog: boolean;
}

export class WordGenerator {
  private readonly random: () => number;
  private pending: string[] = [];
  private wordsLeftInSentence = 0;
  private sentencesDone = 0;

  /** `eosChance` is the chance an answer ends at each sentence end (ignored with `ignoreEos`). */
  constructor(
    seed: number,
    private readonly eosChance: number,
    private readonly ignoreEos: boolean,
  ) {
    this.random = createRandom(seed);
  }

  next(): GeneratedPiece {
    if (this.pending.length === 0) {
      if (this.wordsLeftInSentence === 0 && this.sentencesDone > 0 && !this.ignoreEos && this.random() < this.eosChance) {
        return { piece: '', isEog: true };
      }
      this.pending = this.nextWordPieces();
    }
    return { piece: this.pending.shift() ?? '', isEog: false };
  }

  private nextWordPieces(): string[] {
    const startsSentence = this.wordsLeftInSentence === 0;
    if (startsSentence) this.wordsLeftInSentence = 6 + Math.floor(this.random() * 13);
    let word = words[Math.floor(this.random() * words.length)] ?? 'the';
    if (startsSentence) word = word.charAt(0).toUpperCase() + word.slice(1);
    const lead = startsSentence && this.sentencesDone > 0 && this.random() < 0.2 ? '\n\n' : ' ';
    this.wordsLeftInSentence -= 1;
    let text = (lead === ' ' ? ' ' : '') + word;
    if (this.wordsLeftInSentence === 0) {
      text += '.';
      this.sentencesDone += 1;
    } else if (this.random() < 0.08) {
      text += ',';
    }
    const pieces = splitPieces(text);
    return lead === ' ' ? pieces : ['\n', '\n', ...pieces];
  }
}
