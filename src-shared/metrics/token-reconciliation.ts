import type { RunOutputTokens } from '../schemas/run-result';
import type { ServerTokenCount } from '../schemas/server-sample';

export type { ServerTokenCount };

/**
 * Tokens a server may generate, for one request the client ended while the server was
 * answering it, that never reach the client. llama-server writes each token as it is decoded and
 * learns that the client left only when a write fails: that token is generated and counted, and
 * the slot may decode one more before the cancel reaches it (tokens_predicted_total grows by the
 * slot's n_decoded when the slot is released). The built-in demo server shows the same two. The
 * client reads what had already reached it before it closes (runner-base.ts), so tokens on the
 * wire add nothing unless it lagged; a server slow to notice the closed connection adds more.
 */
export const unseenTokensPerCutShortRequest = 2;

export interface TokenReconciliation {
  clientTokens: number;
  /** Server minus client. */
  differenceTokens: number;
  /** The most the server may count beyond the client: the unseen tokens of requests cut short, plus rounding. */
  boundTokens: number;
  verdict: 'agree' | 'within-bound' | 'differ';
}

/**
 * Compares the client's tokens (completed + cancelled + failed, whole run) with the server's
 * counter. They agree when equal (within the counter's rounding); the server may count up to
 * `unseenTokensPerCutShortRequest` more per request the client cut short; anything else differs.
 */
export function reconcileTokens(client: RunOutputTokens, server: ServerTokenCount): TokenReconciliation {
  const clientTokens = client.completed + client.cancelled + client.failed;
  const differenceTokens = server.tokens - clientTokens;
  const boundTokens = client.cutShort * unseenTokensPerCutShortRequest + server.roundingTokens;
  let verdict: TokenReconciliation['verdict'] = 'differ';
  if (Math.abs(differenceTokens) <= server.roundingTokens) verdict = 'agree';
  else if (differenceTokens > 0 && differenceTokens <= boundTokens) verdict = 'within-bound';
  return { clientTokens, differenceTokens, boundTokens, verdict };
}

const formatCount = (value: number): string => Math.round(value).toLocaleString('en-US');

/**
 * One line: "Tokens      client 5,888 completed + 30 cancelled + 0 failed = 5,918; server counted
 * 5,918 (llamacpp:tokens_predicted_total delta) — agree".
 */
export function formatTokenReconciliation(client: RunOutputTokens, server: ServerTokenCount): string {
  const result = reconcileTokens(client, server);
  const parts = `client ${formatCount(client.completed)} completed + ${formatCount(client.cancelled)} cancelled + ${formatCount(client.failed)} failed = ${formatCount(result.clientTokens)}`;
  const counted = `server counted ${formatCount(server.tokens)}${server.roundingTokens > 0 ? ` ± ${formatCount(server.roundingTokens)}` : ''} (${server.counter} delta)`;
  const unsettled = server.isSettled ? '' : '; the server was still generating when read';
  return `Tokens      ${parts}; ${counted} — ${describeVerdict(result, client.cutShort)}${unsettled}`;
}

function describeVerdict(result: TokenReconciliation, cutShort: number): string {
  const difference = result.differenceTokens;
  if (result.verdict === 'agree') return 'agree';
  const requests = `${formatCount(cutShort)} request${cutShort === 1 ? '' : 's'} cut short`;
  if (result.verdict === 'within-bound') return `the server counted ${formatCount(difference)} more, within the ${unseenTokensPerCutShortRequest} per request it may generate unseen for each of ${requests}`;
  if (difference < 0) return `they differ: the client counted ${formatCount(-difference)} more than the server`;
  return `they differ by ${formatCount(difference)}, more than the ${formatCount(result.boundTokens)} the server may generate unseen for ${requests}; another client may have used the server, or it was slow to notice closed connections`;
}
