/**
 * A tokenizer-free estimate of a text's token count, for filtering and for when no server count
 * exists. BPE and SentencePiece vocabularies average about 4 characters of English per token;
 * CJK characters are about one token each and other non-ASCII letters about two per token.
 * It is only an estimate: results that use it say so (source "estimate"), and the run compares
 * it with the server's own count.
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let wide = 0;
  let other = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) ascii += 1;
    else if (code >= 0x2e80 && code <= 0xffef) wide += 1;
    else other += 1;
  }
  const estimate = ascii / 4 + wide + other / 2;
  return text.length === 0 ? 0 : Math.max(1, Math.round(estimate));
}
