import { formatNumber } from '../../../src-shared/format/numbers';
import { parseThresholds, type Threshold } from '../../../src-shared/metrics/thresholds';
import { sloPresets, type SloPresetName } from '../../../src-shared/schemas/diagnosis';
import { Field, fieldErrorId } from '../../components/ui/field';
import { Segmented } from '../run/segmented';
import { sloOfDraft, type GoalDraft } from './goal-draft';

const presetOptions: ReadonlyArray<{ value: SloPresetName; label: string; hint?: string }> = [
  ...(Object.entries(sloPresets) as Array<[Exclude<SloPresetName, 'custom'>, (typeof sloPresets)[keyof typeof sloPresets]]>).map(([value, preset]) => ({ value, label: preset.title, hint: preset.slo })),
  { value: 'custom', label: 'Custom', hint: 'your own SLO in k6 syntax' },
];

const metricNames: Record<string, string> = { ttft: 'TTFT', ttfc: 'TTFC', itl: 'ITL', tpot: 'TPOT', e2e: 'E2E', queue: 'Queue', error_rate: 'Errors' };

/** The goal in plain words: a preset (said as a sentence) or a custom SLO, read back as the core will read it. */
export function SloFields({ draft, onChange, error }: { draft: GoalDraft; onChange: (draft: GoalDraft) => void; error: string | undefined }) {
  const parsed = parseThresholds(sloOfDraft(draft));
  return (
    <fieldset className="plan-section" data-testid="goal-slo">
      <legend>Goal</legend>
      <Segmented label="SLO preset" options={presetOptions} value={draft.preset} onChange={(preset) => onChange({ ...draft, preset })} testId="goal-preset" />
      {draft.preset === 'custom' ? (
        <Field id="goal-custom-slo" label="SLO" hint="k6 syntax, comma separated" error={error}>
          <input
            id="goal-custom-slo"
            type="text"
            spellCheck={false}
            value={draft.customSlo}
            placeholder="e2e_p95<5000, error_rate<0.01"
            onChange={(event) => onChange({ ...draft, customSlo: event.target.value })}
            aria-invalid={error ? true : undefined}
            aria-describedby={fieldErrorId('goal-custom-slo')}
            data-testid="goal-custom-slo"
          />
        </Field>
      ) : (
        <>
          <p className="small" data-testid="goal-words">
            {sloPresets[draft.preset].words}
          </p>
          {error && (
            <p className="field-error" data-testid="goal-custom-slo-error">
              {error}
            </p>
          )}
        </>
      )}
      <div className="threshold-chips" data-testid="goal-slo-parsed">
        {parsed.thresholds.map((threshold) => (
          <span className="slo-chip" key={threshold.source}>
            {describeThreshold(threshold)}
          </span>
        ))}
        {/* Once the core has answered, its message beside the field says the same: show it once. */}
        {error === undefined &&
          parsed.problems.map((problem) => (
            <span className="slo-chip slo-chip-bad" key={problem}>
              {problem}
            </span>
          ))}
      </div>
    </fieldset>
  );
}

function describeThreshold(threshold: Threshold): string {
  const metric = metricNames[threshold.metric] ?? threshold.metric;
  const aggregate = threshold.aggregate === 'rate' ? '' : ` ${threshold.aggregate}`;
  const limit = threshold.metric === 'error_rate' ? `${formatNumber(threshold.limit * 100)} %` : `${formatNumber(threshold.limit)} ms`;
  return `${metric}${aggregate} ${threshold.op} ${limit}`;
}
