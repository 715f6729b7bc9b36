import type { ConfigPlan } from '../../../src-shared/contract/config.contract';
import type { JournalEntry } from '../../../src-shared/schemas/config-journal';
import { joinWords } from './config-draft';
import { countChanges, diffArgv } from './argv-diff';
import { restartSentence } from './restart-notice';

/** The command line before and after, flag by flag; the files and commands on the host; the restart. */
export function PlanDiff({ plan, journal }: { plan: ConfigPlan; journal: readonly JournalEntry[] }) {
  const rows = diffArgv(plan.argvBefore, plan.argvAfter);
  const changed = rows.filter((row) => row.change !== 'same');
  return (
    <div className="plan-diff" data-testid="config-diff">
      <p className="small">
        <strong>{countChanges(rows)}</strong> {countChanges(rows) === 1 ? 'argument changes' : 'arguments change'} <span className="muted">({plan.launchKind} method)</span>
      </p>
      <table className="data-table diff-table">
        <thead>
          <tr>
            <th scope="col">Flag</th>
            <th scope="col">Now</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {changed.map((row) => (
            <tr key={`${row.label}-${row.before ?? ''}-${row.after ?? ''}`} className={`diff-${row.change}`} data-testid="diff-row" data-flag={row.label}>
              <th scope="row">
                <code>{row.label}</code>
              </th>
              <td>{row.before === undefined ? <span className="muted">absent</span> : <code className="diff-old">{row.before}</code>}</td>
              <td>{row.after === undefined ? <span className="muted">removed</span> : <code className="diff-new">{row.after}</code>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details className="small">
        <summary>Whole command line after the change</summary>
        <pre className="argv-block" data-testid="argv-after">{joinWords(plan.argvAfter)}</pre>
      </details>
      <HostChanges plan={plan} />
      <p className="restart-warning small" data-testid="restart-warning">
        {restartSentence(journal)} A dead-man timer on the host brings the old configuration back if the workbench cannot confirm the new one.
      </p>
    </div>
  );
}

/** The files written and the commands run on the host (systemd, container and compose methods). */
function HostChanges({ plan }: { plan: ConfigPlan }) {
  return (
    <>
    {plan.files.map((file) => (
      <details key={file.path} className="small" data-testid="plan-file">
        <summary>
          {file.before === null ? 'Writes' : file.after === null ? 'Removes' : 'Changes'} <code>{file.path}</code>
        </summary>
        {file.before !== null && <pre className="argv-block diff-old">{file.before}</pre>}
        {file.after !== null && <pre className="argv-block diff-new">{file.after}</pre>}
      </details>
    ))}
    {plan.commands.length > 0 && (
      <div className="small">
        Runs on the host, in order:
        <ol className="plan-commands">
          {plan.commands.map((argv, index) => (
            <li key={index}>
              <code>{joinWords(argv)}</code>
            </li>
          ))}
        </ol>
      </div>
    )}
    </>
  );
}
