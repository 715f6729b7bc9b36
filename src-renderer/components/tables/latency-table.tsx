import { latencyMetrics, type LatencyMetricId } from '../../../src-shared/metrics/definitions';
import type { LatencyStats } from '../../../src-shared/schemas/run-result';
import { formatCount, formatNumber } from '../../../src-shared/format/numbers';

export interface LatencySet {
  ttftMs: LatencyStats;
  itlMs: LatencyStats;
  /** Only in summaries of runs recorded since TPOT was added; live totals do not carry it. */
  tpotMs?: LatencyStats;
  e2eMs: LatencyStats;
}

const rows: Array<{ key: keyof LatencySet; metric: LatencyMetricId; name: string; description: string }> = [
  { key: 'ttftMs', metric: 'ttft', name: 'TTFT', description: 'time to first token' },
  { key: 'itlMs', metric: 'itl', name: 'ITL', description: 'inter-token latency' },
  { key: 'tpotMs', metric: 'tpot', name: 'TPOT', description: 'time per output token, per request' },
  { key: 'e2eMs', metric: 'e2e', name: 'E2E', description: 'end-to-end request latency' },
];

/** The formula, and what other tools call the figure: names collide (GuideLLM's ITL is our TPOT). */
function formulaTitle(metric: LatencyMetricId): string {
  const definition = latencyMetrics[metric];
  return definition.elsewhere === undefined ? definition.description : `${definition.description}\nElsewhere: ${definition.elsewhere}`;
}

const columns = ['mean', 'p50', 'p90', 'p95', 'p99', 'max'] as const;

/** Percentiles of the three latency metrics, all in milliseconds (read from HDR histograms). */
export function LatencyTable({ stats, caption }: { stats: LatencySet; caption: string }) {
  return (
    <table className="data-table" data-testid="latency-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col" className="num">Samples</th>
          {columns.map((column) => (
            <th scope="col" className="num" key={column}>
              {column} <span className="unit">ms</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const metric = stats[row.key];
          if (!metric) return null;
          return (
            <tr key={row.key} data-testid={`latency-${row.name.toLowerCase()}`}>
              <th scope="row" title={formulaTitle(row.metric)}>
                {row.name} <span className="row-note">{row.description}</span>
                {row.metric === 'itl' || row.metric === 'tpot' ? <span className="row-note"> · {row.metric === 'itl' ? "AIPerf's ICL" : "GuideLLM's and AIPerf's ITL"}</span> : null}
              </th>
              <td className="num">{formatCount(metric.count)}</td>
              {columns.map((column) => (
                <td className="num" key={column}>
                  {metric.count > 0 ? formatNumber(metric[column]) : '—'}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
