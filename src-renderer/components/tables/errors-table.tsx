import { formatCount, formatErrorClass, formatPercent } from '../../../src-shared/format/numbers';

const classNotes: Record<string, string> = {
  cancelled: 'in flight when the run ended or was stopped',
};

/**
 * Unfinished requests by class, most frequent first, each with its share of every request that
 * ended (completed plus every class here), so the shares mean the same whichever classes the
 * core counts as failures.
 */
export function ErrorsTable({ errorsByClass, completed }: { errorsByClass: Record<string, number>; completed: number }) {
  const entries = Object.entries(errorsByClass)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
  const totalRequests = completed + entries.reduce((sum, [, count]) => sum + count, 0);
  if (entries.length === 0) {
    return (
      <p className="muted" data-testid="errors-none">
        No failed requests.
      </p>
    );
  }
  return (
    <table className="data-table" data-testid="errors-table">
      <caption>Errors and cut-off requests by class</caption>
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col" className="num">Requests</th>
          <th scope="col" className="num">Share</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([errorClass, count]) => (
          <tr key={errorClass}>
            <th scope="row">
              {formatErrorClass(errorClass)} {classNotes[errorClass] && <span className="row-note">{classNotes[errorClass]}</span>}
            </th>
            <td className="num">{formatCount(count)}</td>
            <td className="num">{totalRequests > 0 ? formatPercent(count / totalRequests) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
