import type { QueryClient } from '@tanstack/react-query';
import type { RunProgress } from '../../src-shared/schemas/run-result';
import { configKeys } from '../queries/config';
import { addStepEvent, finishApply, idleApply, type LiveApply } from '../queries/config-live';
import { applyDiagnoseProgress } from '../queries/diagnose';
import { hostKeys } from '../queries/hosts';
import { applyFinished, applyProgress, emptyLiveRun, type LiveRun } from '../queries/live-runs';
import { applyServerSample, runKeys, runServerKeys } from '../queries/runs';
import { applyTelemetryGap, applyTelemetrySample, refetchNewlyRecordingRuns, telemetryKeys } from '../queries/telemetry';
import { workspaceKeys } from '../queries/workspaces';
import type { ApiClient } from './client';

/** Charts redraw at most this often however fast progress arrives; no point is ever dropped. */
export const progressFlushMs = 250;

/**
 * The one place push events touch the cache. Coarse facts invalidate queries; run.progress is
 * buffered per run and written with a throttled setQueryData. Returns a function that unbinds.
 */
export function bindEvents(api: ApiClient, queryClient: QueryClient): () => void {
  const buffered = new Map<string, RunProgress[]>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  function flush(runId?: string): void {
    const runIds = runId === undefined ? [...buffered.keys()] : [runId];
    for (const id of runIds) {
      const batch = buffered.get(id);
      buffered.delete(id);
      if (!batch || batch.length === 0) continue;
      queryClient.setQueryData<LiveRun>(runKeys.live(id), (old) => batch.reduce(applyProgress, old ?? emptyLiveRun(id)));
    }
  }

  function onProgress(progress: RunProgress): void {
    const batch = buffered.get(progress.runId) ?? [];
    batch.push(progress);
    buffered.set(progress.runId, batch);
    timer ??= setTimeout(() => {
      timer = null;
      flush();
    }, progressFlushMs);
  }

  let missedEvents = false;
  const offs = [
    api.subscribe('workspaces.changed', () => void queryClient.invalidateQueries({ queryKey: workspaceKeys.all })),
    api.subscribe('run.progress', onProgress),
    api.subscribe('run.finished', (finished) => {
      flush(finished.runId);
      queryClient.setQueryData<LiveRun>(runKeys.live(finished.runId), (old) => applyFinished(old ?? emptyLiveRun(finished.runId), finished));
      void queryClient.invalidateQueries({ queryKey: runKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: runKeys.detail(finished.runId) });
      void queryClient.invalidateQueries({ queryKey: runServerKeys.detail(finished.runId) });
      // The run's telemetry is saved before run.finished is emitted.
      void queryClient.invalidateQueries({ queryKey: telemetryKeys.run(finished.runId) });
    }),
    api.subscribe('run.serverSample', (event) => applyServerSample(queryClient, event)),
    ...bindTelemetryEvents(api, queryClient),
    ...bindConfigEvents(api, queryClient),
    // A step or a probe started or ended: a few events a minute, each read again whole.
    api.subscribe('diagnose.progress', (event) => applyDiagnoseProgress(queryClient, event)),
    // Events sent while the socket was down are lost: refetch everything once it is back.
    api.onStateChange((state) => {
      if (state.kind === 'reconnecting' || state.kind === 'refused') missedEvents = true;
      if (state.kind === 'open' && missedEvents) {
        missedEvents = false;
        void queryClient.invalidateQueries();
      }
    }),
  ];
  return () => {
    if (timer !== null) clearTimeout(timer);
    offs.forEach((off) => off());
  };
}

/** Host status and telemetry: samples go straight to their heatmap (about one a second per host). */
function bindTelemetryEvents(api: ApiClient, queryClient: QueryClient): Array<() => void> {
  return [
    api.subscribe('telemetry.sample', (event) => applyTelemetrySample(queryClient, event)),
    api.subscribe('telemetry.gap', (event) => applyTelemetryGap(queryClient, event)),
    api.subscribe('host.stateChanged', (status) => {
      queryClient.setQueryData(hostKeys.status(status.workspaceId), status);
      refetchNewlyRecordingRuns(queryClient, status);
    }),
  ];
}

/** An apply's steps arrive a few a second at most: each is written straight into its endpoint's live apply. */
function bindConfigEvents(api: ApiClient, queryClient: QueryClient): Array<() => void> {
  return [
    api.subscribe('config.progress', ({ endpointId, ...step }) => {
      queryClient.setQueryData<LiveApply>(configKeys.live(endpointId), (old) => addStepEvent(old ?? idleApply, step));
    }),
    api.subscribe('config.finished', ({ workspaceId, endpointId, result, entryId }) => {
      queryClient.setQueryData<LiveApply>(configKeys.live(endpointId), (old) => finishApply(old ?? idleApply, { result, ...(entryId === undefined ? {} : { entryId }) }));
      // The server runs another configuration now (or the same again): read it back, and the new journal entry.
      void queryClient.invalidateQueries({ queryKey: configKeys.view({ workspaceId, endpointId }) });
      void queryClient.invalidateQueries({ queryKey: configKeys.journals() });
      void queryClient.invalidateQueries({ queryKey: configKeys.plans() });
      // A restarted demo answers on a new port: its endpoint's URL changed in the workspace.
      void queryClient.invalidateQueries({ queryKey: workspaceKeys.all });
    }),
  ];
}
