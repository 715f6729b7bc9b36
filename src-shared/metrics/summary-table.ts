import { formatPlain as formatMs, formatPlainRate as formatRate } from '../format/numbers';
import type { LatencyStats, RunProgress, RunSummary } from '../schemas/run-result';

/** Above this event-loop utilisation the generator's own queueing starts to show in latencies. */
const busyWarningFraction = 0.85;

const latencyRows: Array<{ label: string; pick: (summary: RunSummary) => LatencyStats | undefined }> = [
  { label: 'TTFT', pick: (summary) => summary.ttftMs },
  { label: 'TTFC', pick: (summary) => summary.ttfcMs },
  { label: 'ITL', pick: (summary) => summary.itlMs },
  { label: 'TPOT', pick: (summary) => summary.tpotMs },
  { label: 'E2E', pick: (summary) => summary.e2eMs },
  { label: 'Queue', pick: (summary) => summary.queueMs },
  { label: 'Send lag', pick: (summary) => summary.sendLagMs },
];

/**
 * A run summary as plain-text lines (the CLI prints them; any text report can reuse them).
 * Latencies are of successful requests; requests cancelled when the run ended are shown
 * apart from failures.
 */
export function formatSummaryTable(summary: RunSummary): string[] {
  const cancelled = summary.errorsByClass.cancelled ?? 0;
  const excluded = (summary.warmupS ?? 0) + (summary.cooldownS ?? 0) > 0 ? ` (warm-up ${summary.warmupS ?? 0} s and cool-down ${summary.cooldownS ?? 0} s excluded)` : '';
  const lines = [
    `Requests    ${summary.completed} completed, ${summary.failed} failed${cancelled > 0 ? `, ${cancelled} cancelled at the end (not failures)` : ''}`,
    `Duration    ${summary.durationS.toFixed(2)} s measured${excluded}`,
    `Throughput  ${formatRate(summary.requestsPerS)} req/s, ${formatRate(summary.outputTokensPerS)} output tok/s (${summary.outputTokens} output, ${summary.inputTokens} input tokens${describeCutShortTokens(summary)})`,
    ...goodputLines(summary),
    ...arrivalLines(summary),
    '',
    `Latency (ms) ${['p50', 'p90', 'p95', 'p99', 'mean', 'max'].map((head) => head.padStart(9)).join('')}   samples`,
  ];
  for (const row of latencyRows) {
    const stats = row.pick(summary);
    if (!stats || (stats.count === 0 && (row.label === 'Queue' || row.label === 'Send lag' || row.label === 'TTFC'))) continue;
    const cells = stats.count === 0 ? ['—', '—', '—', '—', '—', '—'] : [stats.p50, stats.p90, stats.p95, stats.p99, stats.mean, stats.max].map(formatMs);
    lines.push(`  ${row.label.padEnd(11)}${cells.map((cell) => cell.padStart(9)).join('')}   ${stats.count}`);
  }
  lines.push('', `Errors      ${formatErrors(summary.errorsByClass)}`, ...describeServerOutages(summary), ...describeConnections(summary));
  if (summary.tokenSource) lines.push(`Tokens from ${describeTokenSource(summary.tokenSource)}`);
  lines.push(...stageLines(summary), ...clientLines(summary));
  if (summary.loadgenBusyFraction !== undefined && !summary.clientHealth) {
    const percent = Math.round(summary.loadgenBusyFraction * 100);
    const warning = summary.loadgenBusyFraction >= busyWarningFraction ? ' — the load generator was near saturation: latencies include its own queueing; use fewer users or a bigger machine' : '';
    lines.push(`Load gen    busiest thread ${percent}% busy${warning}`);
  }
  return lines;
}

export function formatErrors(errorsByClass: Record<string, number>): string {
  const failures = Object.entries(errorsByClass).filter(([errorClass, count]) => errorClass !== 'cancelled' && count > 0);
  if (failures.length === 0) return 'none';
  return failures
    .sort((a, b) => b[1] - a[1])
    .map(([errorClass, count]) => `${errorClass} ${count}`)
    .join(', ');
}

/** One progress line: elapsed, done, in flight, rates so far and live TTFT/ITL medians. */
export function formatProgressLine(progress: RunProgress, boundLabel: string): string {
  const elapsedS = progress.elapsedS;
  const ratePerS = elapsedS > 0 ? progress.completed / elapsedS : 0;
  const percent = Math.round(progress.fraction * 100);
  const ttft = progress.totals.ttftMs.count > 0 ? `${formatMs(progress.totals.ttftMs.p50)} ms` : '—';
  const itl = progress.totals.itlMs.count > 0 ? `${formatMs(progress.totals.itlMs.p50)} ms` : '—';
  return `${elapsedS.toFixed(1)}s ${boundLabel} ${String(percent).padStart(3)}% | ${progress.completed} ok, ${progress.failed} failed, ${progress.inFlight} in flight | ${formatRate(ratePerS)} req/s | TTFT p50 ${ttft}, ITL p50 ${itl}`;
}

/**
 * One sentence per stretch in which the server refused connections, on the run's time axis,
 * with the closed-loop backoff added to the last one: "The server refused connections from
 * 12.3 s to 18.9 s (6.6 s, 41 refused attempts); users backed off up to 2 s (57 waits, 31.2 s
 * in all)". Empty when the server never refused a connection.
 */
export function describeServerOutages(summary: Pick<RunSummary, 'serverOutages' | 'connectBackoff'>): string[] {
  const lines = (summary.serverOutages ?? []).map((outage) => {
    const attempts = `${outage.refusedCount} refused attempt${outage.refusedCount === 1 ? '' : 's'}`;
    if (outage.toS === undefined) return `The server refused connections from ${outage.fromS.toFixed(1)} s to the end of the run (${attempts}; it did not answer again)`;
    return `The server refused connections from ${outage.fromS.toFixed(1)} s to ${outage.toS.toFixed(1)} s (${(outage.toS - outage.fromS).toFixed(1)} s, ${attempts})`;
  });
  const backoff = summary.connectBackoff;
  if (!backoff) return lines;
  const waited = `users backed off up to ${formatWaitMs(backoff.longestWaitMs)} (${backoff.waits} waits, ${backoff.waitedS.toFixed(1)} s in all)`;
  if (lines.length === 0) return [`The server refused connections; ${waited}`];
  lines[lines.length - 1] += `; ${waited}`;
  return lines;
}

/**
 * How the connections went, when it is news: "The server closes the connection after each
 * answer; each request opens a new one" and "4 requests met a connection the server had just
 * closed and were sent again on a new one (not failures; …)". Empty otherwise.
 */
export function describeConnections(summary: Pick<RunSummary, 'serverClosesAfterAnswer' | 'staleConnectionRetries'>): string[] {
  const lines: string[] = [];
  if (summary.serverClosesAfterAnswer) lines.push('Connections the server closes the connection after each answer (llama-server does after streamed ones); each request opens a new one');
  const retries = summary.staleConnectionRetries ?? 0;
  if (retries > 0) {
    const what = retries === 1 ? '1 request met a connection' : `${retries} requests met a connection`;
    lines.push(`${lines.length === 0 ? 'Connections ' : '            '}${what} the server had just closed and ${retries === 1 ? 'was' : 'were'} sent again on a new one (not failures; the retry is inside their TTFT and E2E)`);
  }
  return lines;
}

/** Tokens received by requests cut short, which outputTokens leaves out: "; received besides: 30 by requests cancelled at the end". */
function describeCutShortTokens(summary: Pick<RunSummary, 'cancelledOutputTokens' | 'failedOutputTokens'>): string {
  const parts: string[] = [];
  if ((summary.cancelledOutputTokens ?? 0) > 0) parts.push(`${summary.cancelledOutputTokens} by requests cancelled at the end`);
  if ((summary.failedOutputTokens ?? 0) > 0) parts.push(`${summary.failedOutputTokens} by failed requests`);
  return parts.length === 0 ? '' : `; received besides: ${parts.join(', ')}`;
}

function formatWaitMs(valueMs: number): string {
  return valueMs >= 1000 ? `${Number((valueMs / 1000).toFixed(1))} s` : `${Math.round(valueMs)} ms`;
}

function goodputLines(summary: RunSummary): string[] {
  const lines: string[] = [];
  if (summary.goodputPerS !== undefined && summary.thresholds) lines.push(`Goodput     ${formatRate(summary.goodputPerS)} req/s within the SLO (${summary.goodRequests ?? 0} of ${summary.completed} requests)`);
  for (const outcome of summary.thresholds ?? []) {
    const actual = outcome.actual === null ? 'no samples' : formatMs(outcome.actual);
    lines.push(`  ${outcome.isPassed ? 'pass' : 'FAIL'}  ${outcome.source} (measured ${actual})`);
  }
  return lines;
}

function arrivalLines(summary: RunSummary): string[] {
  const arrivals = summary.arrivals;
  if (!arrivals || arrivals.offeredRps === null) return [];
  return [`Arrivals    offered ${formatRate(arrivals.offeredRps)} req/s, sent ${formatRate(arrivals.achievedRps)} req/s; ${arrivals.late} late (> 10 ms), ${arrivals.dropped} dropped`];
}

function describeTokenSource(source: NonNullable<RunSummary['tokenSource']>): string {
  const parts = (['usage', 'timings', 'chunks'] as const).filter((key) => source[key] > 0).map((key) => `${key} ${source[key]}`);
  const note = source.primary === 'chunks' ? ' — counted content chunks: the server sent no usage, so a chunk holding several tokens counts as one' : '';
  return `${parts.join(', ') || 'no successful request'}${note}`;
}

function stageLines(summary: RunSummary): string[] {
  if (!summary.stages || summary.stages.length === 0) return [];
  const lines = ['', `Stages      ${['req/s', 'tok/s', 'TTFT p50', 'TTFT p95', 'TPOT p50', 'E2E p95', 'failed'].map((head) => head.padStart(9)).join('')}`];
  for (const stage of summary.stages) {
    const cells = [formatRate(stage.requestsPerS), formatRate(stage.outputTokensPerS), formatMs(stage.ttftMs.p50), formatMs(stage.ttftMs.p95), formatMs(stage.tpotMs.p50), formatMs(stage.e2eMs.p95), String(stage.failed)];
    lines.push(`  ${stage.label.padEnd(10)}${cells.map((cell) => cell.padStart(9)).join('')}`);
  }
  return lines;
}

function clientLines(summary: RunSummary): string[] {
  const health = summary.clientHealth;
  if (!health) return [];
  const figures = `busiest thread ${Math.round(health.busiestWorkerBusyFraction * 100)}% busy, loop lag p99 ${formatMs(health.loopLagP99Ms)} ms, process CPU ${Math.round(health.processCpuFraction * 100)}% of ${health.cores} cores`;
  if (!health.isClientLimited) return [`Load gen    ${figures}`];
  return [`Load gen    ${figures}`, 'WARNING     the load generator may have been the bottleneck of this run:', ...health.reasons.map((reason) => `  - ${reason}`)];
}
