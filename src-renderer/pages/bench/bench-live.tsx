import { useEffect, useState } from 'react';
import type { BenchLiveProgress } from '../../../src-shared/contract/bench.contract';
import type { BenchResult, BenchRunMeta } from '../../../src-shared/schemas/bench-result';
import { Badge } from '../../components/ui/badge';
import { ErrorMessage } from '../../components/ui/error-message';
import { ProgressBar } from '../../components/ui/progress-bar';
import { formatDurationS, formatNumber } from '../../../src-shared/format/numbers';
import { useBenchLive, useBenchRun, useCancelBench } from '../../queries/bench';

/**
 * One bench run on a host: progress per combination while it runs (the step llama-bench reports
 * and each result as it arrives), cancel, and how it ended, with llama-bench's error if it failed.
 */
export function BenchRunPanel({ benchRunId, onClose }: { benchRunId: string; onClose: () => void }) {
  const detail = useBenchRun(benchRunId);
  const pushed = useBenchLive(benchRunId);
  const cancel = useCancelBench();
  const meta = detail.data?.meta;
  const status = meta?.run?.status ?? 'completed';
  const live = status === 'running' ? (pushed ?? detail.data?.live ?? undefined) : undefined;
  return (
    <section className="card bench-live" aria-label="Bench run" data-testid="bench-live" data-status={status} data-run-id={benchRunId}>
      <div className="card-header">
        <div>
          <h2 className="card-title">{meta?.label ?? 'Bench run'}</h2>
          {meta?.run && <p className="muted small">{`${meta.run.binary} · ${meta.run.host}`}</p>}
        </div>
        <div className="row-actions">
          <Badge tone={status === 'failed' ? 'bad' : status === 'running' ? 'accent' : status === 'completed' ? 'good' : 'neutral'} testId="bench-status">
            {status}
          </Badge>
          {status === 'running' ? (
            <button type="button" className="button button-danger button-small" onClick={() => cancel.mutate({ benchRunId })} disabled={cancel.isPending} data-testid="bench-cancel">
              {cancel.isPending ? 'Ending llama-bench…' : 'Cancel'}
            </button>
          ) : (
            <button type="button" className="button button-quiet button-small" onClick={onClose}>
              Close
            </button>
          )}
        </div>
      </div>
      {live && meta && <LiveProgress live={live} meta={meta} />}
      <ErrorMessage error={meta?.run?.error ?? detail.error ?? cancel.error} testId="bench-failure" />
      {meta?.warnings.map((warning) => (
        <p key={warning} className="warn-line small">
          {warning}
        </p>
      ))}
      <ResultsSoFar results={detail.data?.results ?? []} />
    </section>
  );
}

/** Seconds since the run started, ticking once a second even while llama-bench prints nothing (a long test). */
function useElapsedS(startedAt: number | undefined, fallbackS: number): number {
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return startedAt === undefined ? fallbackS : Math.max(fallbackS, (nowMs - startedAt) / 1000);
}

function LiveProgress({ live, meta }: { live: BenchLiveProgress; meta: BenchRunMeta }) {
  const elapsedS = useElapsedS(meta.run?.startedAt, live.elapsedS);
  const total = live.totalTests || meta.run?.plannedTests || 0;
  const fraction = total > 0 ? live.resultCount / total : 0;
  return (
    <div className="run-progress" data-testid="bench-progress">
      <div className="run-progress-row">
        <ProgressBar fraction={fraction} label="Bench progress" />
        <span className="nowrap small">
          {live.resultCount} / {total} tests
        </span>
      </div>
      <p className="muted small" data-testid="bench-step">
        {live.step === null ? 'Loading the model…' : `Test ${live.test} of ${total}: ${live.step}`} · {formatDurationS(Math.floor(elapsedS))} elapsed
      </p>
    </div>
  );
}

function ResultsSoFar({ results }: { results: readonly BenchResult[] }) {
  if (results.length === 0) return null;
  return (
    <table className="data-table compact" data-testid="bench-results">
      <thead>
        <tr>
          <th scope="col">Test</th>
          <th scope="col">Threads</th>
          <th scope="col">Settings</th>
          <th scope="col" className="num">
            t/s
          </th>
        </tr>
      </thead>
      <tbody>
        {results.map((result, index) => (
          <tr key={index}>
            <th scope="row">{result.test}</th>
            <td>{result.params.n_threads ?? '—'}</td>
            <td className="muted small">{settingsText(result)}</td>
            <td className="num">
              {formatNumber(result.avgTs)} <span className="unit">± {formatNumber(result.stddevTs)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function settingsText(result: BenchResult): string {
  const p = result.params;
  const parts = [
    p.n_gpu_layers === undefined ? null : `ngl ${p.n_gpu_layers}`,
    p.n_batch === undefined ? null : `b ${p.n_batch}`,
    p.n_ubatch === undefined ? null : `ub ${p.n_ubatch}`,
    p.flash_attn === undefined ? null : `fa ${p.flash_attn}`,
    p.type_k === undefined ? null : `kv ${p.type_k}/${p.type_v ?? p.type_k}`,
  ];
  return parts.filter((part) => part !== null).join(' · ');
}
