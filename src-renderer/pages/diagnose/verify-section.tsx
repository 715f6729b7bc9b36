import type { DiagnosisStep } from '../../../src-shared/schemas/diagnosis';
import type { Recommendation } from '../../../src-shared/schemas/diagnosis-findings';
import type { DiagnosisVerify } from '../../../src-shared/schemas/diagnosis-verify';
import { formatCount } from '../../../src-shared/format/numbers';
import { navigate } from '../../lib/router';
import { linkChanges } from '../config/linked-changes';
import { VerifyComparisonTable, VerifyRunsTable } from './verify-tables';
import { VerifyVerdictPanel } from './verify-verdict';
import { candidateChanges, nextRecommendation, serverNow, verifyRunRows } from './verify-view';

interface VerifySectionProps {
  verify: DiagnosisVerify;
  step: DiagnosisStep | undefined;
  recommendations: readonly Recommendation[];
  endpointId: string | undefined;
}

/**
 * Step 7: the top recommendation applied and measured against the configuration it replaces,
 * A B A B A B: the runs, the comparison, the verdict with its evidence, what the server runs now,
 * and the next recommendation to try.
 */
export function VerifySection({ verify, step, recommendations, endpointId }: VerifySectionProps) {
  const rows = verifyRunRows(verify, step?.state === 'running');
  const now = serverNow(verify);
  return (
    <section className="card diagnose-section" aria-labelledby="verify-title" data-testid="verify-section">
      <h2 className="card-title" id="verify-title">
        Verify <code>{verify.title}</code>
        <span className="muted small">
          {' '}
          · recommendation {verify.recommendationRank} at {verify.users} users, {formatCount(verify.requestsPerRun)} requests a run
        </span>
      </h2>
      <p className="small" data-testid="verify-changes">
        B changes {candidateChanges(verify).map((change, index) => (
          <span key={change}>
            {index > 0 && ', '}
            <code>{change}</code>
          </span>
        ))}
        ; everything else stays as in A.
      </p>
      {verify.verdict && <VerifyVerdictPanel verdict={verify.verdict} confidence={verify.comparison?.confidence} />}
      <p className={`verify-server-now verify-now-${now.arm}`} data-testid="verify-server-now" data-arm={now.arm} data-outcome={verify.outcome ?? 'measuring'}>
        {now.sentence}
      </p>
      {verify.note && (
        <p className="small muted" data-testid="verify-note">
          {verify.note}
        </p>
      )}
      <div className="verify-tables">
        <VerifyRunsTable rows={rows} />
        {verify.comparison && <VerifyComparisonTable comparison={verify.comparison} />}
      </div>
      {verify.verdict && <NextToTry next={nextRecommendation(recommendations, verify.recommendationRank)} endpointId={endpointId} />}
    </section>
  );
}

function NextToTry({ next, endpointId }: { next: Recommendation | undefined; endpointId: string | undefined }) {
  if (next === undefined) {
    return (
      <p className="small muted" data-testid="verify-next">
        No other recommendation to try.
      </p>
    );
  }
  const open = () => endpointId !== undefined && navigate({ page: 'config', endpointId, set: linkChanges(next.changes) });
  return (
    <div className="verify-next" data-testid="verify-next">
      <span className="small">
        Next to try: <code>{next.title}</code> <span className="muted">— {next.expectedEffect}</span>
      </span>
      {next.changes.length > 0 && endpointId !== undefined && (
        <button type="button" className="button button-small" onClick={open} data-testid="verify-next-open" title="Opens the Config page with these changes as a draft; nothing is applied until you press Apply there">
          Open in Config
        </button>
      )}
    </div>
  );
}
