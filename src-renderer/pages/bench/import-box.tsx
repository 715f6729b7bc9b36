import { useRef, useState, type ChangeEvent, type FormEvent, type KeyboardEvent } from 'react';
import { benchImportTooLarge, maxBenchImportBytes } from '../../../src-shared/contract/bench.contract';
import type { AppError } from '../../../src-shared/errors';
import { ErrorMessage } from '../../components/ui/error-message';
import { Field } from '../../components/ui/field';
import { useImportBench } from '../../queries/bench';
import { useWorkspaces } from '../../queries/workspaces';

/**
 * Paste what llama-bench printed (any -o format) or a markdown table from an issue, or choose a
 * file; the core detects the format. Each import becomes a run, selected for comparison.
 */
export function ImportBox({ onImported }: { onImported: (benchRunId: string) => void }) {
  const [text, setText] = useState('');
  const [label, setLabel] = useState('');
  const [workspaceId, setWorkspaceId] = useState('');
  const [fileError, setFileError] = useState<AppError | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const importBench = useImportBench();

  function send(input: { text: string; sourceName: string }) {
    importBench.mutate(
      { ...input, ...(label.trim() ? { label: label.trim() } : {}), ...(workspaceId ? { workspaceId } : {}) },
      {
        onSuccess: (meta) => {
          setText('');
          setLabel('');
          onImported(meta.id);
        },
      },
    );
  }


  function submit(event: FormEvent) {
    event.preventDefault();
    setFileError(null);
    if (text.trim() !== '' && !importBench.isPending) send({ text, sourceName: '-' });
  }

  return (
    <form className="card import-box" onSubmit={submit} aria-label="Import llama-bench results" data-testid="bench-import">
      <h2 className="card-title">Import results</h2>
      <PasteField text={text} onChange={setText} onSubmit={submit} />
      <div className="import-meta">
        <Field id="bench-import-label" label="Label" hint="(optional; the file name by default)">
          <input id="bench-import-label" type="text" value={label} onChange={(e) => setLabel(e.target.value)} placeholder="RTX 4090, build 6327" data-testid="bench-import-label" />
        </Field>
        <WorkspaceChoice value={workspaceId} onChange={setWorkspaceId} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={text.trim() === '' || importBench.isPending} data-testid="bench-import-submit">
          Import pasted text
        </button>
        <button type="button" className="button" onClick={() => fileInput.current?.click()} disabled={importBench.isPending}>
          Choose files…
        </button>
        <input ref={fileInput} type="file" multiple hidden accept=".md,.txt,.json,.jsonl,.csv,.sql,.log" onChange={(e) => void importFiles(e, { send, setFileError })} data-testid="bench-import-file" />
      </div>
      <ErrorMessage error={fileError ?? importBench.error} testId="bench-import-error" />
    </form>
  );
}

/**
 * Each chosen file becomes its own run; one over the contract's cap is refused before it is read,
 * with the same error the core gives. Large ones go in parts (see importBenchInParts).
 */
async function importFiles(event: ChangeEvent<HTMLInputElement>, actions: { send: (input: { text: string; sourceName: string }) => void; setFileError: (error: AppError | null) => void }) {
  actions.setFileError(null);
  for (const file of Array.from(event.target.files ?? [])) {
    if (file.size > maxBenchImportBytes) actions.setFileError(benchImportTooLarge(file.name, file.size));
    else actions.send({ text: await file.text(), sourceName: file.name });
  }
  event.target.value = '';
}

const example = [
  '| model | size | params | backend | threads | test | t/s |',
  '| --- | ---: | ---: | --- | ---: | ---: | ---: |',
  '| llama 8B Q4_K - Medium | 4.58 GiB | 8.03 B | CUDA | 8 | tg128 | 98.21 ± 0.35 |',
].join('\n');

function PasteField({ text, onChange, onSubmit }: { text: string; onChange: (text: string) => void; onSubmit: (event: FormEvent) => void }) {
  // Enter makes a new line in a table; Ctrl/Cmd+Enter imports.
  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) onSubmit(event);
  };
  return (
    <Field id="bench-paste" label="Paste llama-bench output" hint="md table, json, jsonl, csv or sql; Ctrl+Enter imports">
      <textarea id="bench-paste" rows={7} value={text} onChange={(e) => onChange(e.target.value)} onKeyDown={onKey} spellCheck={false} placeholder={example} data-testid="bench-paste" />
    </Field>
  );
}

/** Tying an import to a workspace sets it beside that host's server runs (the links below the comparison). */
function WorkspaceChoice({ value, onChange }: { value: string; onChange: (workspaceId: string) => void }) {
  const workspaces = useWorkspaces();
  return (
    <Field id="bench-import-workspace" label="Measured on" hint="(optional)">
      <select id="bench-import-workspace" value={value} onChange={(e) => onChange(e.target.value)} data-testid="bench-import-workspace">
        <option value="">no workspace</option>
        {(workspaces.data ?? []).map((workspace) => (
          <option key={workspace.id} value={workspace.id}>
            {workspace.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
