import type { KeyboardEvent } from 'react';
import { Field, fieldErrorId } from '../../components/ui/field';
import { ErrorMessage } from '../../components/ui/error-message';
import { PickFileButton } from '../../components/ui/pick-file-button';
import type { DatasetReport } from '../../../src-shared/schemas/dataset';
import { formatCount, formatNumber } from '../../../src-shared/format/numbers';
import { useInspectDataset } from '../../queries/runs';
import { datasetChoices, draftToDataset, type DatasetDraft, type LengthDraft, type LengthKind } from './dataset-draft';
import { NumberField, TextField } from './number-field';
import type { FieldId, PlanDraft } from './plan-draft';
import { Segmented } from './segmented';

interface DatasetFieldsProps {
  draft: PlanDraft;
  onChange: (draft: PlanDraft) => void;
  errorFor: (field: FieldId) => string | undefined;
  onPromptKey: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
}

/** Where prompts come from: one prompt, synthetic lengths, a ShareGPT file or a prompt file — and a check of what it holds. */
export function DatasetFields({ draft, onChange, errorFor, onPromptKey }: DatasetFieldsProps) {
  const dataset = draft.dataset;
  const set = (patch: Partial<DatasetDraft>) => onChange({ ...draft, dataset: { ...dataset, ...patch } });
  const text = (field: 'count' | 'sharedPrefixPct' | 'seed' | 'path' | 'sampleSize' | 'maxInputTokens' | 'maxOutputTokens') => (value: string) => set({ [field]: value });
  const error = errorFor('dataset');
  return (
    <>
      <Segmented label="Prompts from" testId="dataset-kind" options={datasetChoices.map((c) => ({ value: c.kind, label: c.label }))} value={dataset.kind} onChange={(kind) => set({ kind })} />
      {dataset.kind === 'prompt' && (
        <Field id="plan-prompt" label="Prompt" hint="sent with every request; Ctrl+Enter starts the run" error={errorFor('prompt')}>
          <textarea id="plan-prompt" rows={3} value={draft.prompt} onChange={(e) => onChange({ ...draft, prompt: e.target.value })} onKeyDown={onPromptKey} aria-describedby={fieldErrorId('plan-prompt')} />
        </Field>
      )}
      {dataset.kind === 'synthetic' && (
        <div className="field-grid">
          <NumberField id="ds-count" label="Prompts" value={dataset.count} onChange={text('count')} error={undefined} />
          <NumberField id="ds-prefix" label="Shared prefix" unit="%" value={dataset.sharedPrefixPct} onChange={text('sharedPrefixPct')} error={undefined} />
          <NumberField id="ds-seed" label="Seed" value={dataset.seed} onChange={text('seed')} error={undefined} />
          <LengthFields id="ds-input" label="Input tokens" value={dataset.input} onChange={(input) => set({ input })} />
          <LengthFields id="ds-output" label="Output tokens" value={dataset.output} onChange={(output) => set({ output })} />
        </div>
      )}
      {(dataset.kind === 'sharegpt' || dataset.kind === 'prompt-file') && (
        <div className="field-grid">
          <div className="field-wide form-row">
            <TextField id="ds-path" label="File" unit={dataset.kind === 'sharegpt' ? 'JSON array, read streamed' : '.txt or .jsonl'} value={dataset.path} onChange={text('path')} error={undefined} placeholder="/data/ShareGPT_V3_unfiltered_cleaned_split.json" />
            <PickFileButton purpose="dataset" onPick={text('path')} testId="ds-path-pick" />
          </div>
          <NumberField id="ds-sample" label="Sample" unit={dataset.kind === 'prompt-file' ? 'prompts, blank = all' : 'prompts'} value={dataset.sampleSize} onChange={text('sampleSize')} error={undefined} />
          <NumberField id="ds-seed" label="Seed" value={dataset.seed} onChange={text('seed')} error={undefined} />
          <NumberField id="ds-max-input" label="Max input" unit="tokens" value={dataset.maxInputTokens} onChange={text('maxInputTokens')} error={undefined} placeholder="any" />
          <NumberField id="ds-max-output" label="Max output" unit="tokens" value={dataset.maxOutputTokens} onChange={text('maxOutputTokens')} error={undefined} placeholder="any" />
        </div>
      )}
      {error && (
        <p className="field-error" data-testid="plan-dataset-error">
          {error}
        </p>
      )}
      <label className="plan-checkbox small">
        <input type="checkbox" checked={draft.ignoreEos} onChange={(e) => onChange({ ...draft, ignoreEos: e.target.checked })} data-testid="plan-ignore-eos" />
        Always generate the full answer length (<code>ignore_eos</code>)
      </label>
      {dataset.kind !== 'prompt' && <DatasetCheck dataset={dataset} />}
    </>
  );
}

const lengthKinds: Array<{ value: LengthKind; label: string }> = [
  { value: 'fixed', label: 'fixed' },
  { value: 'uniform', label: 'uniform' },
  { value: 'normal', label: 'normal' },
];

/** A length distribution: its kind, then one or two numbers whose meaning follows the kind. */
function LengthFields({ id, label, value, onChange }: { id: string; label: string; value: LengthDraft; onChange: (value: LengthDraft) => void }) {
  const names = value.kind === 'fixed' ? ['tokens'] : value.kind === 'uniform' ? ['min', 'max'] : ['mean', 'σ'];
  const hint = value.kind === 'fixed' ? undefined : value.kind === 'uniform' ? '(min – max)' : '(mean ± σ)';
  return (
    <div className="field-span-2">
      <Field id={id} label={label} hint={hint}>
        <div className="length-input">
          <select id={id} value={value.kind} onChange={(e) => onChange({ ...value, kind: e.target.value as LengthKind })} data-testid={`${id}-kind`}>
            {lengthKinds.map((kind) => (
              <option key={kind.value} value={kind.value}>
                {kind.label}
              </option>
            ))}
          </select>
          <input type="text" inputMode="numeric" aria-label={`${label} ${names[0]}`} value={value.a} onChange={(e) => onChange({ ...value, a: e.target.value })} data-testid={`${id}-a`} />
          {names[1] && <input type="text" inputMode="numeric" aria-label={`${label} ${names[1]}`} value={value.b} onChange={(e) => onChange({ ...value, b: e.target.value })} data-testid={`${id}-b`} />}
        </div>
      </Field>
    </div>
  );
}

/** Reads the dataset as the run will (datasets.inspect) and says what it holds. */
function DatasetCheck({ dataset }: { dataset: DatasetDraft }) {
  const inspect = useInspectDataset();
  const spec = draftToDataset(dataset);
  return (
    <div className="dataset-check" data-testid="dataset-check">
      <button type="button" className="button button-small" onClick={() => spec && inspect.mutate(spec)} disabled={inspect.isPending || spec === undefined} data-testid="dataset-inspect">
        {inspect.isPending ? 'Reading…' : 'Check the dataset'}
      </button>
      {inspect.data && <DatasetReportLine report={inspect.data.report} />}
      <ErrorMessage error={inspect.error} testId="dataset-error" />
    </div>
  );
}

function DatasetReportLine({ report }: { report: DatasetReport }) {
  const input = report.inputTokens;
  const output = report.maxTokens;
  return (
    <p className="small dataset-report" data-testid="dataset-report">
      <strong>{formatCount(report.prompts)} prompts</strong>
      {report.kind !== 'synthetic' && ` from ${formatCount(report.entries)} entries`}
      {input && ` · input ${formatCount(input.min)}–${formatCount(input.max)} tokens (mean ${formatNumber(input.mean)}, estimated)`}
      {output && ` · output ${formatCount(output.min)}–${formatCount(output.max)}`}
      {report.filtered > 0 && ` · ${formatCount(report.filtered)} filtered out`}
      {report.malformed > 0 && <span className="text-bad"> · {formatCount(report.malformed)} malformed skipped ({report.problems[0]?.at}: {report.problems[0]?.reason})</span>}
    </p>
  );
}
