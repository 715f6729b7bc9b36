import { describeServerOutages } from '../../../src-shared/metrics/summary-table';
import type { RunSummary } from '../../../src-shared/schemas/run-result';
import { formatCount, formatDurationS, formatNumber, formatRate } from '../../../src-shared/format/numbers';
import { ErrorsTable } from '../tables/errors-table';
import { LatencyTable } from '../tables/latency-table';

/** The numbers a tuner copies into a ticket: latency percentiles, totals and errors by class. */
export function RunSummaryTables({ summary }: { summary: RunSummary }) {
  const cancelled = summary.errorsByClass.cancelled ?? 0;
  const tokensPerRequest = summary.completed > 0 ? summary.outputTokens / summary.completed : null;
  return (
    <div className="summary-grid" data-testid="run-summary">
      <LatencyTable stats={summary} caption="Latency over the whole run" />
      <div className="stack">
        <table className="data-table kv-table" data-testid="totals-table">
          <caption>Totals</caption>
          <tbody>
            <Row label="Duration" value={formatDurationS(summary.durationS)} />
            <Row
              label="Requests"
              value={`${formatCount(summary.completed)} completed · ${formatCount(summary.failed)} failed${cancelled > 0 ? ` · ${formatCount(cancelled)} cut off` : ''}`}
            />
            <Row label="Request rate" value={formatRate(summary.requestsPerS, 'req/s')} />
            <Row label="Output token rate" value={formatRate(summary.outputTokensPerS, 'tok/s')} />
            <Row label="Input tokens" value={formatCount(summary.inputTokens)} />
            <Row label="Output tokens" value={`${formatCount(summary.outputTokens)} (${formatNumber(tokensPerRequest)} per request)`} />
            {describeServerOutages(summary).map((sentence, index) => (
              <Row key={index} label={index === 0 ? 'Server outage' : ''} value={sentence} />
            ))}
          </tbody>
        </table>
        <ErrorsTable errorsByClass={summary.errorsByClass} completed={summary.completed} />
      </div>
    </div>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="num">{value}</td>
    </tr>
  );
}
