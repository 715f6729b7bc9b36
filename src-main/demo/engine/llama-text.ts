/** What the piece decoder needs from the model: llama.cpp's detokenizer, with context. */
export interface Detokenizer {
  detokenize(tokens: readonly number[], specialTokens?: boolean, lastTokens?: readonly number[]): string;
}

/** Tokens of context handed to the detokenizer: enough for SentencePiece's leading-space rule. */
const contextTokens = 8;
/** The longest UTF-8 sequence: after this many held byte tokens the text is emitted as it is. */
const maxHeldTokens = 4;

/**
 * Turns one slot's sampled tokens into streamed text, the way llama-server does: each token's text
 * is read in the context of the tokens before it (so a SentencePiece word gets its leading space),
 * and byte tokens that end in the middle of a UTF-8 character are held back until the character is
 * complete (llama-server also waits rather than send a broken character). A held token still
 * counts as a token; its text arrives with the token that completes it.
 */
export class PieceDecoder {
  private context: number[] = [];
  private held: number[] = [];

  constructor(private readonly model: Detokenizer) {}

  /** Starts a new answer after `prefix` (the prompt's last tokens), dropping anything held. */
  reset(prefix: readonly number[]): void {
    this.context = prefix.slice(-contextTokens);
    this.held = [];
  }

  /** Notes tokens fed to the model without being sampled (prompt chunks), for the spacing context. */
  observe(tokens: readonly number[]): void {
    if (tokens.length === 0) return;
    this.context = [...this.context, ...tokens].slice(-contextTokens);
  }

  /** The text this token completes; '' while it waits for the rest of a UTF-8 character. */
  next(token: number): string {
    const pending = [...this.held, token];
    const text = this.model.detokenize(pending, false, this.context);
    if (text.endsWith('\uFFFD') && pending.length < maxHeldTokens) {
      this.held = pending;
      return '';
    }
    this.held = [];
    this.context = [...this.context, ...pending].slice(-contextTokens);
    return text;
  }
}
