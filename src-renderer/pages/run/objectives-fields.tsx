import { parseThresholds, type Threshold } from '../../../src-shared/metrics/thresholds';
import { Field, fieldErrorId } from '../../components/ui/field';
import { formatNumber } from '../../../src-shared/format/numbers';
import type { FieldId, PlanDraft } from './plan-draft';

const metricNames: Record<string, string> = { ttft: 'TTFT', ttfc: 'TTFC', itl: 'ITL', tpot: 'TPOT', e2e: 'E2E', queue: 'Queue', error_rate: 'Error rate' };
const examples = ['ttft_p95<2000', 'tpot_p95<100', 'e2e_p99<30s', 'error_rate<0.01'];

/**
 * The run's objectives in k6's syntax, read back as the core will read them while typing (the
 * same parser, src-shared/metrics/thresholds.ts), so a typo shows before the run, not after.
 */
export function ObjectivesFields({ draft, onChange, errorFor }: { draft: PlanDraft; onChange: (draft: PlanDraft) => void; errorFor: (field: FieldId) => string | undefined }) {
  const parsed = parseThresholds(draft.slo);
  const append = (term: string) => onChange({ ...draft, slo: draft.slo.trim() === '' ? term : `${draft.slo.replace(/[,\s]+$/, '')}, ${term}` });
  return (
    <>
      <Field id="plan-slo" label="SLOs and thresholds" hint="k6 syntax, comma separated" error={errorFor('slo')}>
        <input id="plan-slo" type="text" spellCheck={false} value={draft.slo} placeholder="ttft_p95<2000, tpot_p95<100" onChange={(e) => onChange({ ...draft, slo: e.target.value })} aria-describedby={fieldErrorId('plan-slo')} data-testid="plan-slo" />
      </Field>
      <div className="threshold-chips" data-testid="slo-parsed">
        {parsed.thresholds.map((threshold) => (
          <span className="slo-chip" key={threshold.source} data-testid="slo-chip">
            {describeThreshold(threshold)}
          </span>
        ))}
        {parsed.problems.map((problem) => (
          <span className="slo-chip slo-chip-bad" key={problem}>
            {problem}
          </span>
        ))}
        {draft.slo.trim() === '' &&
          examples.map((example) => (
            <button type="button" className="slo-chip slo-chip-button" key={example} onClick={() => append(example)} title="Add this objective">
              + {example}
            </button>
          ))}
      </div>
      <p className="muted small">Latency limits also define goodput: a request counts as good when it met every limit (vLLM’s --goodput).</p>
    </>
  );
}

function describeThreshold(threshold: Threshold): string {
  const metric = metricNames[threshold.metric] ?? threshold.metric;
  const aggregate = threshold.aggregate === 'rate' ? '' : ` ${threshold.aggregate}`;
  const limit = threshold.metric === 'error_rate' ? `${formatNumber(threshold.limit * 100)} %` : `${formatNumber(threshold.limit)} ms`;
  return `${metric}${aggregate} ${threshold.op} ${limit}`;
}
