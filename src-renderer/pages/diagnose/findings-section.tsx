import type { DiagnosisConclusion, DiagnosisFinding, TriageVerdict } from '../../../src-shared/schemas/diagnosis-findings';
import { Badge } from '../../components/ui/badge';
import { EvidenceTable } from './evidence-table';

const outcomeTone: Record<TriageVerdict['outcome'], 'bad' | 'good' | 'warn' | 'neutral'> = { bottleneck: 'bad', 'hardware-limit': 'good', measurement: 'warn', inconclusive: 'neutral' };
const outcomeTitle: Record<TriageVerdict['outcome'], string> = {
  bottleneck: 'A bottleneck stops it',
  'hardware-limit': 'Nothing is wrong: the hardware is the limit',
  measurement: 'Fix the measurement first',
  inconclusive: 'Inconclusive',
};

/** Step 5: the verdict in one sentence, then the primary and secondary findings, each with its evidence. */
export function FindingsSection({ conclusion }: { conclusion: DiagnosisConclusion }) {
  const { verdict } = conclusion;
  const findings = [...(verdict.primary ? [verdict.primary] : []), ...verdict.secondary];
  return (
    <section className="card diagnose-section" aria-labelledby="findings-title" data-testid="findings-section">
      <h2 className="card-title" id="findings-title">
        Findings <span className="muted small">· judged on the probe at {conclusion.users} users</span>
      </h2>
      <div className={`verdict verdict-${outcomeTone[verdict.outcome]}`} data-testid="verdict" data-outcome={verdict.outcome}>
        <strong>{outcomeTitle[verdict.outcome]}</strong>
        <p data-testid="verdict-sentence">{verdict.sentence}</p>
      </div>
      {findings.length === 0 ? (
        <p className="muted small" data-testid="no-findings">
          No rule fired on the evidence{verdict.outcome === 'hardware-limit' ? ': the server uses what it is given.' : '.'}
        </p>
      ) : (
        <div className="finding-cards">
          {findings.map((finding) => (
            <FindingCard key={`${finding.classId}-${finding.ruleId}`} finding={finding} />
          ))}
        </div>
      )}
    </section>
  );
}

function FindingCard({ finding }: { finding: DiagnosisFinding }) {
  const tone = finding.severity === 'critical' ? 'bad' : finding.severity === 'warning' ? 'warn' : 'neutral';
  return (
    <article className={`finding-card finding-${finding.role}`} data-testid="finding-card" data-class={finding.classId} data-role={finding.role}>
      <header className="finding-head">
        <Badge tone="accent">{finding.role}</Badge>
        <Badge tone={tone}>{finding.severity}</Badge>
        <code className="muted small">
          {finding.classId} · {finding.ruleId}
        </code>
      </header>
      <p className="finding-title">{finding.title}</p>
      <EvidenceTable evidence={finding.evidence} />
      {finding.ruledOut.length > 0 && (
        <div className="ruled-out small" data-testid="ruled-out">
          <span className="muted">Ruled out:</span>
          <ul>
            {finding.ruledOut.map((item) => (
              <li key={item.classId}>
                <strong>{item.classId}</strong> — {item.why}
              </li>
            ))}
          </ul>
        </div>
      )}
    </article>
  );
}
