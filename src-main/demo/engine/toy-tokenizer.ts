/**
 * A deterministic toy tokenizer with roughly the statistics of a real BPE/SPM vocabulary on English
 * (about 4 characters per token): short words with their leading space are one token, longer
 * words are cut into 4-character pieces, digits, punctuation and other characters are one token
 * each, and chat markers such as `<|im_start|>` are single special tokens. Ids are a hash of the
 * piece, so the same text always gives the same ids and prompt-cache prefixes line up.
 */

export const bosId = 1;
export const eosId = 2;
export const bosText = '<s>';
export const eosText = '</s>';

/** Special markers recognised as one token each (ids 3…). */
export const specialMarkers = ['<|im_start|>', '<|im_end|>', '<|system|>', '<|user|>', '<|assistant|>'] as const;

const firstPlainId = 259;
const maxWholeWord = 6;
const chunkChars = 4;
const piecePattern = /<\|[a-z_]+\|>| ?[A-Za-z]+|[0-9]|\s|[^\sA-Za-z0-9]/gu;

export class ToyTokenizer {
  private readonly idToPiece = new Map<number, string>();

  constructor(private readonly vocabSize: number) {
    this.idToPiece.set(bosId, bosText);
    this.idToPiece.set(eosId, eosText);
    specialMarkers.forEach((marker, index) => this.idToPiece.set(3 + index, marker));
  }

  /** Token ids of `text`, with BOS first when `addBos`. */
  tokenize(text: string, addBos: boolean): number[] {
    const ids = addBos ? [bosId] : [];
    for (const piece of splitPieces(text)) ids.push(this.idOf(piece));
    return ids;
  }

  /** The id of one piece, remembering the piece so ids can be turned back into text. */
  idOf(piece: string): number {
    const special = specialMarkers.indexOf(piece as (typeof specialMarkers)[number]);
    if (special >= 0) return 3 + special;
    const id = firstPlainId + (hashPiece(piece) % (this.vocabSize - firstPlainId));
    if (!this.idToPiece.has(id)) this.idToPiece.set(id, piece);
    return id;
  }

  /** Text of ids; BOS renders as `<s> ` the way llama.cpp's /detokenize shows it. */
  detokenize(ids: readonly number[]): string {
    return ids.map((id) => (id === bosId ? `${bosText} ` : (this.idToPiece.get(id) ?? ''))).join('');
  }
}

/** Cuts text into token pieces (see the file comment for the rules). */
export function splitPieces(text: string): string[] {
  const pieces: string[] = [];
  for (const match of text.matchAll(piecePattern)) {
    const piece = match[0];
    if (/^ ?[A-Za-z]+$/.test(piece) && piece.length > maxWholeWord) {
      for (let start = 0; start < piece.length; start += chunkChars) pieces.push(piece.slice(start, start + chunkChars));
    } else {
      pieces.push(piece);
    }
  }
  return pieces;
}

/** FNV-1a over UTF-16 code units: fast, stable across runs and platforms. */
function hashPiece(piece: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < piece.length; i += 1) {
    hash ^= piece.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Length of the common prefix of two token sequences (what a slot's prompt cache can reuse). */
export function commonPrefixLength(a: readonly number[], b: readonly number[]): number {
  const limit = Math.min(a.length, b.length);
  let index = 0;
  while (index < limit && a[index] === b[index]) index += 1;
  return index;
}
