import { useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Workspace } from '../../../src-shared/schemas/workspace';
import { EmptyState } from '../../components/ui/empty-state';
import { ErrorMessage } from '../../components/ui/error-message';
import { Field } from '../../components/ui/field';
import { routeHref } from '../../lib/router';
import { useBenchPlanCheck, useStartBench } from '../../queries/bench';
import { useWorkspaces } from '../../queries/workspaces';
import { draftToPlanInput, emptyBenchDraft, listFields, type BenchDraft } from './plan-draft';
import { PlanSummary } from './plan-summary';
import { useDebounced } from './use-debounced';

const draftKey = 'llmwb.benchDraft';

function loadDraft(): BenchDraft {
  try {
    return { ...emptyBenchDraft, ...(JSON.parse(window.localStorage.getItem(draftKey) ?? '{}') as Partial<BenchDraft>) };
  } catch {
    return emptyBenchDraft;
  }
}

/** Workspaces whose host can be reached (over SSH or as this machine): the only places a bench can run. */
function hostsOf(workspaces: readonly Workspace[] | undefined): Workspace[] {
  return (workspaces ?? []).filter((workspace) => workspace.host.spec !== undefined);
}

/** The llama-bench plan: checked and estimated by the core as it is typed, run on the chosen workspace's host. */
export function BenchPlanForm({ onStarted }: { onStarted: (benchRunId: string) => void }) {
  const workspaces = useWorkspaces();
  const hosts = hostsOf(workspaces.data);
  const [draft, setDraft] = useState<BenchDraft>(loadDraft);
  const workspaceId = hosts.some((w) => w.id === draft.workspaceId) ? draft.workspaceId : (hosts[0]?.id ?? '');
  const plan = useMemo(() => draftToPlanInput(draft), [draft]);
  const settledPlan = useDebounced(plan, 250);
  const check = useBenchPlanCheck(settledPlan, workspaceId || undefined);
  const start = useStartBench();
  const update = (patch: Partial<BenchDraft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    window.localStorage.setItem(draftKey, JSON.stringify(next));
  };
  const isReady = check.data?.ok === true && settledPlan === plan && workspaceId !== '' && !start.isPending;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!isReady) return;
    const input = { workspaceId, plan, ...(draft.label.trim() ? { label: draft.label.trim() } : {}), ...(draft.benchPath.trim() ? { benchPath: draft.benchPath.trim() } : {}) };
    start.mutate(input, { onSuccess: (meta) => onStarted(meta.id) });
  }

  if (workspaces.data && hosts.length === 0) return <NoHost />;
  return (
    <form className="card bench-form" onSubmit={submit} noValidate aria-label="llama-bench plan" data-testid="bench-plan-form">
      <h2 className="card-title">Run llama-bench on a host</h2>
      <div className="bench-form-top">
        <WorkspaceSelect hosts={hosts} value={workspaceId} onChange={(id) => update({ workspaceId: id })} />
        <Field id="bench-models" label="Model path(s) on the host" hint="one per line; Ctrl+Enter runs">
          <textarea id="bench-models" rows={2} value={draft.models} onChange={(e) => update({ models: e.target.value })} onKeyDown={(e) => runOnCtrlEnter(e, submit)} placeholder="/srv/models/llama-3.1-8b-q4_k_m.gguf" spellCheck={false} data-testid="bench-models" />
        </Field>
      </div>
      <ListFields draft={draft} update={update} />
      <div className="bench-form-extra">
        <TextField id="bench-extra" label="Other llama-bench arguments" hint="checked against llama-bench's flags" value={draft.extraArgs} placeholder="--delay 2 -sm none" onChange={(value) => update({ extraArgs: value })} />
        <TextField id="bench-path" label="llama-bench path" hint="optional: else beside llama-server, else PATH" value={draft.benchPath} placeholder="found automatically" onChange={(value) => update({ benchPath: value })} />
        <TextField id="bench-label" label="Label" hint="optional, shown in comparisons" value={draft.label} placeholder="model on host" onChange={(value) => update({ label: value })} />
      </div>
      <PlanSummary check={check.data} binary={draft.benchPath.trim()} hasModels={plan.models.length > 0} />
      <ErrorMessage error={check.error ?? start.error} testId="bench-run-error" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!isReady} data-testid="bench-start">
          {start.isPending ? 'Checking the host…' : 'Run llama-bench'}
        </button>
        <span className="muted small">Model files and the llama-bench binary are checked on the host before anything runs.</span>
      </div>
    </form>
  );
}

function runOnCtrlEnter(event: KeyboardEvent<HTMLTextAreaElement>, submit: (event: FormEvent) => void): void {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit(event);
}

function WorkspaceSelect({ hosts, value, onChange }: { hosts: Workspace[]; value: string; onChange: (id: string) => void }) {
  return (
    <Field id="bench-workspace" label="Host" hint="the workspace whose host runs it">
      <select id="bench-workspace" value={value} onChange={(e) => onChange(e.target.value)} data-testid="bench-workspace">
        {hosts.map((workspace) => (
          <option key={workspace.id} value={workspace.id}>
            {workspace.name} — {workspace.host.spec?.kind === 'local' ? 'this machine' : workspace.host.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

function ListFields({ draft, update }: { draft: BenchDraft; update: (patch: Partial<BenchDraft>) => void }) {
  return (
    <fieldset className="bench-lists">
      <legend className="muted small">Lists run as every combination (llama-bench syntax: 4,8 · 1-16*2 · 128-512+128). Empty = llama-bench’s default.</legend>
      {listFields.map(({ field, flag, label, placeholder, hint }) => (
        <Field key={field} id={`bench-${field}`} label={label} hint={flag}>
          <input id={`bench-${field}`} type="text" value={draft[field]} placeholder={placeholder} title={hint} onChange={(e) => update({ [field]: e.target.value })} spellCheck={false} data-testid={`bench-${field}`} />
        </Field>
      ))}
    </fieldset>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  hint: string;
  value: string;
  placeholder: string;
  onChange: (value: string) => void;
}

function TextField({ id, label, hint, value, placeholder, onChange }: TextFieldProps) {
  return (
    <Field id={id} label={label} hint={`(${hint})`}>
      <input id={id} type="text" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} spellCheck={false} data-testid={id} />
    </Field>
  );
}

function NoHost() {
  return (
    <EmptyState title="No host to run llama-bench on yet" testId="bench-no-host">
      <p>
        llama-bench runs on a workspace’s host. Create a workspace on the <a href={routeHref({ page: 'workspaces' })}>Workspaces</a> page, then choose “this machine”
        or enter its SSH address on the <a href={routeHref({ page: 'host' })}>Host</a> page. Results you already have can be imported beside this.
      </p>
    </EmptyState>
  );
}
