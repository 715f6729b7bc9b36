import { useState } from 'react';
import type { BenchRunMeta } from '../../../src-shared/schemas/bench-result';
import { EmptyState } from '../../components/ui/empty-state';
import { ErrorMessage } from '../../components/ui/error-message';
import { navigate } from '../../lib/router';
import { useBenchEvents, useBenchRuns } from '../../queries/bench';
import { BenchRunPanel } from './bench-live';
import { BenchPlanForm } from './bench-plan-form';
import { BenchRunsTable } from './bench-runs-table';
import { ComparisonView } from './comparison-view';
import { ImportBox } from './import-box';
import { ServerLinks } from './server-links';

interface BenchPageProps {
  /** Runs ticked for comparison (from the address). */
  compare: string[] | undefined;
  baseline: string | undefined;
}

/** llama-bench on a host, imports of results, and the comparison of runs with a significance test. */
export function BenchPage({ compare = [], baseline }: BenchPageProps) {
  useBenchEvents();
  const runs = useBenchRuns();
  const [shown, setShown] = useState<string | null>(null);
  const running = runs.data?.find((run) => run.run?.status === 'running');
  const panelRunId = shown ?? running?.id ?? null;
  const known = new Set((runs.data ?? []).filter((run) => run.resultCount > 0).map((run) => run.id));
  const selected = runs.data ? compare.filter((id) => known.has(id)) : compare;
  const select = (ids: string[], nextBaseline = baseline) => navigate({ page: 'bench', compare: ids, ...(nextBaseline && ids.includes(nextBaseline) ? { baseline: nextBaseline } : {}) });
  const toggle = (id: string) => select(selected.includes(id) ? selected.filter((other) => other !== id) : [...selected, id]);
  return (
    <div className="page bench-page" data-testid="bench-page">
      <div className="page-header">
        <h1>Bench</h1>
        <p className="muted">Run llama-bench on a host, import results people post, and put runs side by side to see which setting wins and whether the difference is more than noise.</p>
      </div>
      <ErrorMessage error={runs.error} />
      {panelRunId && <BenchRunPanel key={panelRunId} benchRunId={panelRunId} onClose={() => setShown(null)} />}
      <div className="bench-inputs">
        <BenchPlanForm onStarted={(id) => setShown(id)} />
        <ImportBox onImported={(id) => select([...selected, id])} />
      </div>
      <RunsCard runs={runs.data} selected={selected} onToggle={toggle} onShow={setShown} />
      {selected.length > 0 && runs.data ? (
        <>
          <ComparisonView runIds={selected} baseline={baseline} onBaseline={(id) => select(selected, id)} />
          <ServerLinks runs={selected.map((id) => ({ id, label: runs.data?.find((run) => run.id === id)?.label ?? id }))} />
        </>
      ) : (
        runs.data && runs.data.length > 0 && <CompareHint />
      )}
    </div>
  );
}

function RunsCard({ runs, selected, onToggle, onShow }: { runs: BenchRunMeta[] | undefined; selected: string[]; onToggle: (id: string) => void; onShow: (id: string) => void }) {
  if (runs === undefined) return <p className="muted">Loading bench runs…</p>;
  if (runs.length === 0) {
    return (
      <EmptyState title="No bench runs yet" testId="bench-empty">
        <p>Run llama-bench on a host with the form above, or paste a llama-bench table (from your terminal or a GitHub issue) into the import box. Each one is kept here.</p>
      </EmptyState>
    );
  }
  return (
    <section className="card table-card" aria-label="Bench runs">
      <div className="table-card-header">
        <h2 className="card-title">Bench runs</h2>
        <span className="muted small">{selected.length === 0 ? 'Tick two or more to compare them.' : `${selected.length} picked for comparison`}</span>
      </div>
      <BenchRunsTable runs={runs} selected={selected} onToggle={onToggle} onShow={onShow} />
    </section>
  );
}

function CompareHint() {
  return (
    <EmptyState title="Pick runs to compare" testId="bench-compare-hint">
      <p>Tick two or more runs above: their pp and tg speeds appear side by side, each row judged against a baseline run by Welch’s t-test.</p>
    </EmptyState>
  );
}
