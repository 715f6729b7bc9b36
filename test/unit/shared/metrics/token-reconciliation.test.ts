import { describe, expect, it } from 'vitest';
import { formatTokenReconciliation, reconcileTokens, unseenTokensPerCutShortRequest } from '../../../../src-shared/metrics/token-reconciliation';

const counter = 'llamacpp:tokens_predicted_total';
const client = { completed: 5888, cancelled: 30, failed: 0, cutShort: 8 };

describe('the token reconciliation against the server counter', () => {
  it('says the counts agree when completed + cancelled + failed equals the server delta', () => {
    const line = formatTokenReconciliation(client, { counter, tokens: 5918, roundingTokens: 0, isSettled: true });
    expect(line).toBe('Tokens      client 5,888 completed + 30 cancelled + 0 failed = 5,918; server counted 5,918 (llamacpp:tokens_predicted_total delta) — agree');
  });

  it('accepts up to two unseen tokens per request the client cut short, and no more', () => {
    const bound = client.cutShort * unseenTokensPerCutShortRequest;
    expect(reconcileTokens(client, { counter, tokens: 5918 + bound, roundingTokens: 0, isSettled: true })).toMatchObject({ verdict: 'within-bound', differenceTokens: bound, boundTokens: bound });
    expect(reconcileTokens(client, { counter, tokens: 5918 + bound + 1, roundingTokens: 0, isSettled: true }).verdict).toBe('differ');
    expect(formatTokenReconciliation(client, { counter, tokens: 5921, roundingTokens: 0, isSettled: true })).toMatch(/— the server counted 3 more, within the 2 per request it may generate unseen for each of 8 requests cut short$/);
  });

  it('never excuses a client that counted more than the server', () => {
    const result = reconcileTokens(client, { counter, tokens: 5917, roundingTokens: 0, isSettled: true });
    expect(result.verdict).toBe('differ');
    expect(formatTokenReconciliation(client, { counter, tokens: 5917, roundingTokens: 0, isSettled: true })).toMatch(/the client counted 1 more than the server$/);
  });

  it('allows for the 6 significant digits llama-server prints, and says when the server was still busy', () => {
    const big = { completed: 2_000_003, cancelled: 0, failed: 0, cutShort: 0 };
    expect(reconcileTokens(big, { counter, tokens: 2_000_000, roundingTokens: 10, isSettled: true }).verdict).toBe('agree');
    expect(formatTokenReconciliation(big, { counter, tokens: 2_000_000, roundingTokens: 10, isSettled: false })).toMatch(/server counted 2,000,000 ± 10 .* — agree; the server was still generating when read$/);
  });
});
