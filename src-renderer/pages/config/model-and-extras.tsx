import type { ConfigProblem, ModelFactsView } from '../../../src-shared/contract/config.contract';
import { formatBytes } from '../../../src-shared/format/numbers';
import { Field, fieldErrorId } from '../../components/ui/field';
import type { ConfigDraft } from './config-draft';

interface ModelAndExtrasProps {
  draft: ConfigDraft;
  onChange: (draft: ConfigDraft) => void;
  modelProblems: readonly ConfigProblem[] | undefined;
  /** The GGUF header facts of the model as read (null when it could not be read). */
  model: ModelFactsView | null;
}

/** The model file and the arguments the catalog does not know, kept word for word. */
export function ModelAndExtras({ draft, onChange, modelProblems, model }: ModelAndExtrasProps) {
  const modelError = modelProblems?.map((problem) => problem.message).join(' ');
  return (
    <section className="card model-extras" aria-label="Model and other arguments">
      <div className="model-extras-grid">
        <Field id="config-model" label="Model (-m)" hint="a GGUF file on the host" error={modelError}>
          <input id="config-model" value={draft.model} spellCheck={false} placeholder="the server's default" onChange={(e) => onChange({ ...draft, model: e.target.value })} aria-describedby={fieldErrorId('config-model')} data-testid="config-model" />
        </Field>
        <Field id="config-extra" label="Other arguments" hint="flags the workbench does not know, passed as written; quote a word with spaces">
          <input id="config-extra" value={draft.extraArgs} spellCheck={false} placeholder="none" onChange={(e) => onChange({ ...draft, extraArgs: e.target.value })} aria-describedby={fieldErrorId('config-extra')} data-testid="config-extra-args" />
        </Field>
      </div>
      {model && (
        <p className="small muted" data-testid="config-model-facts">
          {model.name ?? model.architecture}: {formatBytes(model.fileBytes)}, {model.layers} layers, {model.headCount} heads, trained context {model.contextLength.toLocaleString('en-US')} tokens
        </p>
      )}
    </section>
  );
}
