import type { DiagnosisConclusion, Recommendation } from '../../../src-shared/schemas/diagnosis-findings';
import { Badge } from '../../components/ui/badge';
import { navigate } from '../../lib/router';
import { linkChanges } from '../config/linked-changes';
import { describeChange } from './evidence-view';
import { EvidenceTable } from './evidence-table';

const effortWords = { E1: 'E1 flags and a restart', E2: 'E2 rebuild or new files', E3: 'E3 host changes', E4: 'E4 other hardware or model' } as const;
const riskWords = { L: 'L output unchanged, reversible', M: 'M may fail to start or reshape latency', H: 'H quality or stability' } as const;

/** Step 6: the exact changes ranked by impact, effort and risk, each one click from the Config page; then what is already right. */
export function RecommendationsSection({ conclusion, endpointId }: { conclusion: DiagnosisConclusion; endpointId: string | undefined }) {
  const { recommendations, alreadyRight } = conclusion;
  return (
    <section className="card diagnose-section" aria-labelledby="recommendations-title" data-testid="recommendations-section">
      <h2 className="card-title" id="recommendations-title">
        Recommendations
      </h2>
      {recommendations.length === 0 ? (
        <p className="muted" data-testid="no-recommendations">
          Nothing to change: no finding points at a setting.
        </p>
      ) : (
        <table className="data-table recommendations-table" data-testid="recommendations-table">
          <thead>
            <tr>
              <th scope="col" className="num">Rank</th>
              <th scope="col">Change</th>
              <th scope="col">Expected effect</th>
              <th scope="col">Impact · effort · risk</th>
              <th scope="col">How it is verified</th>
              <th scope="col" aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {recommendations.map((recommendation) => (
              <RecommendationRow key={recommendation.rank} recommendation={recommendation} endpointId={endpointId} />
            ))}
          </tbody>
        </table>
      )}
      {alreadyRight.length > 0 && (
        <div className="already-right" data-testid="already-right">
          <h3 className="small">Already right</h3>
          <ul>
            {alreadyRight.map((audit) => (
              <li key={audit.sentence}>{audit.sentence}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function RecommendationRow({ recommendation, endpointId }: { recommendation: Recommendation; endpointId: string | undefined }) {
  const { rank, title, changes, action, expectedEffect, impact, effort, risk } = recommendation;
  const open = () => endpointId !== undefined && navigate({ page: 'config', endpointId, set: linkChanges(changes) });
  return (
    <tr data-testid="recommendation-row" data-rank={rank} data-class={recommendation.classId}>
      <td className="num">{rank}</td>
      <td>
        <code className="recommendation-title">{title}</code>
        <ul className="change-list small">
          {changes.map((change) => (
            <li key={change.flag} title={change.reason}>
              <code data-testid="recommendation-change">{describeChange(change)}</code> <span className="muted">— {change.reason}</span>
            </li>
          ))}
          {action && <li>{action}</li>}
        </ul>
        <details className="small">
          <summary>Evidence ({recommendation.evidence.length})</summary>
          <EvidenceTable evidence={recommendation.evidence} />
        </details>
      </td>
      <td className="small">{expectedEffect}</td>
      <td className="small">
        <Badge tone={impact === 'high' ? 'good' : 'neutral'}>impact {impact}</Badge> <span title={effortWords[effort]}>{effort}</span> · <span title={riskWords[risk]}>risk {risk}</span>
      </td>
      <td className="small">{recommendation.verify}</td>
      <td>
        {changes.length > 0 && endpointId !== undefined && (
          <button type="button" className="button button-small" onClick={open} data-testid="open-in-config" title="Opens the Config page with these changes as a draft; nothing is applied until you press Apply there">
            Open in Config
          </button>
        )}
      </td>
    </tr>
  );
}
