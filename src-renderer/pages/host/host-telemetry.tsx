import { useState } from 'react';
import type { HostStatus } from '../../../src-shared/schemas/host-status';
import type { TelemetrySample } from '../../../src-shared/schemas/telemetry-sample';
import { TelemetryHeatmap } from '../../components/charts/heatmap/heatmap';
import { Badge } from '../../components/ui/badge';
import { ErrorMessage } from '../../components/ui/error-message';
import { useStartTelemetry, useStopTelemetry } from '../../queries/hosts';
import { useLiveTelemetry } from '../../queries/telemetry';

const intervals = [250, 500, 1000, 2000, 5000];
const stateTone = { off: 'neutral', idle: 'neutral', starting: 'accent', streaming: 'good', reconnecting: 'warn', stopped: 'neutral', failed: 'bad' } as const;

/** Live telemetry of the host without a load run: start, stop, the latest figures and the heatmap. */
export function HostTelemetry({ status }: { status: HostStatus }) {
  const live = useLiveTelemetry(status.workspaceId);
  const state = status.telemetry.state;
  const isOn = state === 'starting' || state === 'streaming' || state === 'reconnecting';
  const isConnected = status.connection.state === 'connected' || status.connection.state === 'reconnecting';
  return (
    <section className="card host-telemetry" aria-labelledby="telemetry-title" data-testid="host-telemetry" data-state={state}>
      <TelemetryHeader status={status} isOn={isOn} isConnected={isConnected} />
      {status.telemetry.problems.length > 0 && (
        <ul className="problem-list small">
          {status.telemetry.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {live?.last && <LatestFigures sample={live.last} />}
      {live && live.store.columns.length > 0 ? (
        <TelemetryHeatmap store={live.store} version={live.version} runStartT={null} isLive={isOn} testId="host-heatmap" emptyText="" />
      ) : (
        <p className="muted empty-note" data-testid="telemetry-empty">
          {isConnected
            ? isOn
              ? 'Waiting for the first sample (it needs two readings, one interval apart)…'
              : 'Press Start telemetry to stream every core, memory and GPU of the host once per interval — no load run needed. A run started in this workspace records the same stream.'
            : 'Connect to the host first; telemetry runs one small shell loop on it and installs nothing.'}
        </p>
      )}
    </section>
  );
}

function TelemetryHeader({ status, isOn, isConnected }: { status: HostStatus; isOn: boolean; isConnected: boolean }) {
  const start = useStartTelemetry();
  const stop = useStopTelemetry();
  const [intervalMs, setIntervalMs] = useState(status.telemetry.intervalMs);
  const state = status.telemetry.state;
  return (
    <>
      <header className="card-header">
        <div className="title-row">
          <h2 className="card-title" id="telemetry-title">
            Live telemetry
          </h2>
          <Badge tone={stateTone[state]} testId="telemetry-state">
            {state === 'off' ? 'stopped' : state}
          </Badge>
          {status.recordingRunIds.length > 0 && <Badge tone="accent">recording run {status.recordingRunIds.join(', ')}</Badge>}
        </div>
        <div className="row-actions">
          <label className="inline-field">
            <span className="small muted">Every</span>
            <select value={intervalMs} onChange={(event) => setIntervalMs(Number(event.target.value))} aria-label="Sampling interval" disabled={isOn}>
              {intervals.map((ms) => (
                <option key={ms} value={ms}>
                  {ms < 1000 ? `${ms} ms` : `${ms / 1000} s`}
                </option>
              ))}
            </select>
          </label>
          {isOn ? (
            <button type="button" className="button button-small" onClick={() => stop.mutate({ workspaceId: status.workspaceId })} disabled={stop.isPending} data-testid="telemetry-stop">
              Stop
            </button>
          ) : (
            <button type="button" className="button button-small button-primary" onClick={() => start.mutate({ workspaceId: status.workspaceId, intervalMs })} disabled={!isConnected || start.isPending} data-testid="telemetry-start">
              Start telemetry
            </button>
          )}
        </div>
      </header>
      <ErrorMessage error={start.error ?? stop.error} testId="telemetry-error" />
    </>
  );
}

/** The newest sample in a line: CPU average and hottest core, memory, load, GPUs and the server process. */
function LatestFigures({ sample }: { sample: TelemetrySample }) {
  const hottest = sample.cpus.reduce((best, cpu) => (cpu.busyPct > best.busyPct ? cpu : best), sample.cpus[0] ?? { id: 0, busyPct: 0 });
  const memPct = sample.memory.totalBytes > 0 ? (sample.memory.usedBytes / sample.memory.totalBytes) * 100 : null;
  const figures: Array<[string, string]> = [
    ['CPU (all)', `${sample.cpuTotal.busyPct.toFixed(1)} %`],
    ['Hottest core', `cpu${hottest.id} ${hottest.busyPct.toFixed(0)} %`],
    ['Steal', `${sample.cpuTotal.stealPct.toFixed(1)} %`],
    ['Memory', memPct === null ? '—' : `${memPct.toFixed(0)} %`],
    ['Load (1 min)', sample.load === null ? '—' : sample.load.avg1.toFixed(2)],
    ...sample.gpus.map((gpu): [string, string] => [`GPU ${gpu.index}`, gpu.utilPct === null ? '—' : `${gpu.utilPct.toFixed(0)} %`]),
    ...(sample.server === null ? [] : [['Server', `${sample.server.cpuPct.toFixed(0)} % · ${sample.server.threads} thr`] as [string, string]]),
  ];
  return (
    <dl className="figures" data-testid="telemetry-figures">
      {figures.map(([label, value]) => (
        <div key={label} className="figure">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
