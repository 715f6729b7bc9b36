import { describe, expect, it } from 'vitest';
import { describeServerOutages, formatSummaryTable } from '../../../../src-shared/metrics/summary-table';
import type { RunSummary } from '../../../../src-shared/schemas/run-result';

const empty = { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
const summary: RunSummary = { completed: 90, failed: 41, durationS: 30, requestsPerS: 3, outputTokensPerS: 40, inputTokens: 0, outputTokens: 1200, ttftMs: empty, itlMs: empty, e2eMs: empty, errorsByClass: { connection_refused: 41 } };
const t0 = 1_700_000_000_000;

describe('server outages in the summary table', () => {
  it('says when the server went away and came back, how many attempts it refused and how long users backed off', () => {
    const lines = describeServerOutages({
      serverOutages: [{ fromMs: t0 + 12_300, toMs: t0 + 18_900, fromS: 12.3, toS: 18.9, refusedCount: 41 }],
      connectBackoff: { waits: 41, waitedS: 38.24, longestWaitMs: 2000 },
    });
    expect(lines).toEqual(['The server refused connections from 12.3 s to 18.9 s (6.6 s, 41 refused attempts); users backed off up to 2 s (41 waits, 38.2 s in all)']);
  });

  it('says so when the server never came back before the run ended', () => {
    const lines = describeServerOutages({ serverOutages: [{ fromMs: t0 + 4000, fromS: 4, refusedCount: 1 }] });
    expect(lines).toEqual(['The server refused connections from 4.0 s to the end of the run (1 refused attempt; it did not answer again)']);
  });

  it('gives each outage its own line and prints nothing when the server never refused', () => {
    const two = describeServerOutages({
      serverOutages: [
        { fromMs: t0 + 2000, toMs: t0 + 3000, fromS: 2, toS: 3, refusedCount: 5 },
        { fromMs: t0 + 9000, toMs: t0 + 9500, fromS: 9, toS: 9.5, refusedCount: 3 },
      ],
      connectBackoff: { waits: 8, waitedS: 1.2, longestWaitMs: 400 },
    });
    expect(two).toHaveLength(2);
    expect(two[1]).toMatch(/from 9\.0 s to 9\.5 s .*users backed off up to 400 ms/);
    expect(describeServerOutages({})).toEqual([]);
    expect(formatSummaryTable(summary).join('\n')).not.toContain('refused connections');
  });

  it('prints the outage right under the errors it explains', () => {
    const lines = formatSummaryTable({ ...summary, serverOutages: [{ fromMs: t0 + 12_300, toMs: t0 + 18_900, fromS: 12.3, toS: 18.9, refusedCount: 41 }] });
    const errorsAt = lines.findIndex((line) => line.startsWith('Errors'));
    expect(lines[errorsAt]).toContain('connection_refused 41');
    expect(lines[errorsAt + 1]).toMatch(/^The server refused connections from 12\.3 s to 18\.9 s/);
  });
});

describe('connections and cut-short tokens in the summary table', () => {
  it('says once that the server closes after each answer, and counts the retries apart from failures', () => {
    const lines = formatSummaryTable({ ...summary, failed: 0, errorsByClass: {}, serverClosesAfterAnswer: true, staleConnectionRetries: 4 });
    const errorsAt = lines.findIndex((line) => line.startsWith('Errors'));
    expect(lines[errorsAt]).toBe('Errors      none');
    expect(lines[errorsAt + 1]).toBe('Connections the server closes the connection after each answer (llama-server does after streamed ones); each request opens a new one');
    expect(lines[errorsAt + 2]).toBe('            4 requests met a connection the server had just closed and were sent again on a new one (not failures; the retry is inside their TTFT and E2E)');
  });

  it('prints no connection line for a server that keeps connections alive', () => {
    expect(formatSummaryTable({ ...summary, staleConnectionRetries: 0 }).join('\n')).not.toContain('Connections');
  });

  it('shows the tokens received by requests cancelled at the end beside the output tokens', () => {
    const line = formatSummaryTable({ ...summary, cancelledOutputTokens: 30, failedOutputTokens: 2 }).find((text) => text.startsWith('Throughput'));
    expect(line).toBe('Throughput  3.0 req/s, 40.0 output tok/s (1200 output, 0 input tokens; received besides: 30 by requests cancelled at the end, 2 by failed requests)');
  });
});
