import { formatCount, formatErrorClass, formatPercent } from '../../lib/format';

/** Failed requests by class, most frequent first, with each class's share of all requests. */
export function ErrorsTable({ errorsByClass, totalRequests }: { errorsByClass: Record<string, number>; totalRequests: number }) {
  const entries = Object.entries(errorsByClass)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) {
    return (
      <p className="muted" data-testid="errors-none">
        No failed requests.
      </p>
    );
  }
  return (
    <table className="data-table" data-testid="errors-table">
      <caption>Errors by class</caption>
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col" className="num">Requests</th>
          <th scope="col" className="num">Share of all</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([errorClass, count]) => (
          <tr key={errorClass}>
            <th scope="row">{formatErrorClass(errorClass)}</th>
            <td className="num">{formatCount(count)}</td>
            <td className="num">{totalRequests > 0 ? formatPercent(count / totalRequests) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
