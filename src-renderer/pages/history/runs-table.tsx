import { describeLoad } from '../../../src-shared/schemas/load-profiles';
import type { RunRow as RunRowData } from '../../../src-shared/schemas/run-row';
import { RunEndpoint } from '../../components/run/run-view';
import { StatusBadge } from '../../components/ui/badge';
import { formatCount, formatDurationS, formatNumber, formatTimestamp } from '../../../src-shared/format/numbers';
import { navigate, routeHref } from '../../lib/router';

/** Newest first (as runs.list returns them); a row opens the run. Units sit in the headers. */
export function RunsTable({ runs }: { runs: RunRowData[] }) {
  return (
    <table className="data-table runs-table" data-testid="runs-table">
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">Endpoint</th>
          <th scope="col">Load</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">Requests</th>
          <th scope="col" className="num">Failed</th>
          <th scope="col" className="num">Rate <span className="unit">req/s</span></th>
          <th scope="col" className="num">Output <span className="unit">tok/s</span></th>
          <th scope="col" className="num">TTFT p95 <span className="unit">ms</span></th>
          <th scope="col" className="num">E2E p95 <span className="unit">ms</span></th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <RunRow key={run.id} run={run} />
        ))}
      </tbody>
    </table>
  );
}

function RunRow({ run }: { run: RunRowData }) {
  const headline = run.headline;
  const href = routeHref({ page: 'run-detail', runId: run.id });
  return (
    <tr className="clickable" data-testid="run-row" data-run-id={run.id} data-status={run.status} onClick={() => navigate({ page: 'run-detail', runId: run.id })}>
      <td>
        <a href={href} onClick={(event) => event.stopPropagation()}>
          {formatTimestamp(run.startedAt)}
        </a>
      </td>
      <td>
        <RunEndpoint record={run} />
      </td>
      <td className="nowrap">
        {describeLoad(run.load)} · {run.durationS !== undefined ? formatDurationS(run.durationS) : `${formatCount(run.requestCount)} req`}
      </td>
      <td>
        <StatusBadge status={run.status} />
      </td>
      <td className="num">{formatCount(headline?.completed)}</td>
      <td className={headline && headline.failed > 0 ? 'num text-bad' : 'num'}>{formatCount(headline?.failed)}</td>
      <td className="num">{formatNumber(headline?.requestsPerS)}</td>
      <td className="num">{formatNumber(headline?.outputTokensPerS)}</td>
      <td className="num">{formatNumber(headline?.ttftP95Ms)}</td>
      <td className="num">{formatNumber(headline?.e2eP95Ms)}</td>
    </tr>
  );
}
