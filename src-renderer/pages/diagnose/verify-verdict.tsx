import type { VerifyVerdict } from '../../../src-shared/schemas/diagnosis-verify';
import { Badge } from '../../components/ui/badge';
import { intervalStrip, signedPct } from './verify-view';

const decisionWords = { keep: 'Keep the change', 'roll-back': 'Roll back' } as const;

/** The verify rule's answer in words, with the figures it was reached from beside it. */
export function VerifyVerdictPanel({ verdict, confidence }: { verdict: VerifyVerdict; confidence: number | undefined }) {
  const isKept = verdict.decision === 'keep';
  return (
    <div className={`verdict verify-verdict verdict-${isKept ? 'good' : 'warn'}`} data-testid="verify-verdict" data-decision={verdict.decision}>
      <div className="verify-verdict-words">
        <Badge tone={isKept ? 'good' : 'warn'} testId="verify-decision">
          {decisionWords[verdict.decision]}
        </Badge>
        <p className="verify-sentence" data-testid="verify-sentence">
          {verdict.sentence}
        </p>
      </div>
      <div className="verify-evidence" data-testid="verify-evidence">
        <IntervalStrip verdict={verdict} confidence={confidence} />
        <dl className="verify-figures small">
          <dt>Output tok/s gain</dt>
          <dd data-testid="verify-gain">{verdict.gainPct === null ? 'not measured' : `${signedPct(verdict.gainPct)} %`}</dd>
          <dt>{confidence === undefined ? 'Interval' : `${Math.round(confidence * 100)} % interval`}</dt>
          <dd data-testid="verify-interval">{verdict.interval === null ? 'none' : `${signedPct(verdict.interval.lowPct)} … ${signedPct(verdict.interval.highPct)} %`}</dd>
          <dt title="max(5 %, 2 × the run-to-run CV): a smaller gain cannot be told from drift">Bar to clear</dt>
          <dd data-testid="verify-bar">{`${signedPct(verdict.barPct)} %`}</dd>
          <dt>Run-to-run CV</dt>
          <dd>{verdict.runToRunCvPct === null ? 'not measured' : `${verdict.runToRunCvPct.toFixed(1)} %`}</dd>
          <dt>SLOs made worse</dt>
          <dd data-testid="verify-worse-slos">{verdict.worseSlos.length === 0 ? 'none' : verdict.worseSlos.join(', ')}</dd>
        </dl>
      </div>
    </div>
  );
}

/** The interval as a span on one scale with 0 and the bar: kept only when the whole span is right of 0 and the dot right of the bar. */
function IntervalStrip({ verdict, confidence }: { verdict: VerifyVerdict; confidence: number | undefined }) {
  const strip = intervalStrip(verdict);
  if (strip === null) return null;
  const pct = (share: number) => `${(share * 100).toFixed(2)}%`;
  const label = `${confidence === undefined ? '' : `${Math.round(confidence * 100)} % `}interval of the output tok/s change against 0 and the bar`;
  return (
    <div className="interval-strip" role="img" aria-label={label} data-testid="verify-strip">
      <span className="interval-span" style={{ left: pct(strip.low), width: pct(Math.max(0.004, strip.high - strip.low)) }} />
      <span className="interval-estimate" style={{ left: pct(strip.estimate) }} />
      <span className="interval-mark interval-zero" style={{ left: pct(strip.zero) }}>
        <span className="interval-label">0</span>
      </span>
      <span className="interval-mark interval-bar" style={{ left: pct(strip.bar) }}>
        <span className="interval-label">bar {signedPct(verdict.barPct)} %</span>
      </span>
    </div>
  );
}
