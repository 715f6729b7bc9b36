import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { RunTelemetryPage } from '../../src-shared/contract/telemetry.contract';
import type { HostStatus } from '../../src-shared/schemas/host-status';
import { toTelemetryFrame } from '../../src-shared/schemas/telemetry-frame';
import type { TelemetryGap, TelemetrySample } from '../../src-shared/schemas/telemetry-sample';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/api-context';
import { HeatmapStore } from '../components/charts/heatmap/heatmap-store';

export const telemetryKeys = {
  all: ['telemetry'] as const,
  lives: () => [...telemetryKeys.all, 'live'] as const,
  live: (workspaceId: string) => [...telemetryKeys.lives(), workspaceId] as const,
  runs: () => [...telemetryKeys.all, 'run'] as const,
  run: (runId: string) => [...telemetryKeys.runs(), runId] as const,
};

/** A host's live stream as the page holds it: the heatmap's store (mutated in place) and the newest sample. */
export interface LiveTelemetry {
  store: HeatmapStore;
  version: number;
  last: TelemetrySample | null;
}

/** A run's recorded telemetry, plus live samples while it still records. */
export interface RunTelemetry {
  store: HeatmapStore;
  version: number;
  runStartT: number | null;
  host: string | null;
  isRecording: boolean;
  workspaceId: string | null;
}

/** The live store keeps at most an hour at 1 s; older columns fall off. */
const liveColumnLimit = 3600;

export function liveTelemetryOptions(api: ApiClient, workspaceId: string, queryClient: QueryClient) {
  return queryOptions({
    queryKey: telemetryKeys.live(workspaceId),
    // What the core still holds is merged into what events already brought, never replacing it.
    queryFn: async (): Promise<LiveTelemetry> => {
      const recent = await api.invoke('telemetry.recent', { workspaceId });
      const current = queryClient.getQueryData<LiveTelemetry>(telemetryKeys.live(workspaceId)) ?? { store: new HeatmapStore(), version: 0, last: null };
      recent.frames.forEach((frame) => current.store.add(frame));
      recent.gaps.forEach((gap) => current.store.addGap(gap));
      return { ...current, version: current.store.version };
    },
    staleTime: Infinity,
  });
}

export function useLiveTelemetry(workspaceId: string | undefined): LiveTelemetry | undefined {
  const queryClient = useQueryClient();
  return useQuery({ ...liveTelemetryOptions(useApi(), workspaceId ?? '', queryClient), enabled: workspaceId !== undefined }).data;
}

export function runTelemetryOptions(api: ApiClient, runId: string) {
  return queryOptions({
    queryKey: telemetryKeys.run(runId),
    queryFn: async (): Promise<RunTelemetry> => {
      const store = new HeatmapStore();
      const head: Omit<RunTelemetry, 'store' | 'version'> = { runStartT: null, host: null, isRecording: false, workspaceId: null };
      let cursor: number | null = 0;
      // Bounded: each page moves the cursor forward, and a run holds at most a day of samples.
      for (let page = 0; cursor !== null && page < 200; page += 1) {
        const result: RunTelemetryPage = await api.invoke('runs.telemetry', { runId, cursor, limit: 1000 });
        result.frames.forEach((frame) => store.add(frame));
        result.gaps.forEach((gap) => store.addGap(gap));
        cursor = result.nextCursor;
        Object.assign(head, { isRecording: result.isRecording, workspaceId: result.workspaceId, runStartT: result.runStartT ?? head.runStartT, host: result.host ?? head.host });
      }
      return { store, version: store.version, ...head };
    },
    staleTime: Infinity,
  });
}

export function useRunTelemetry(runId: string): RunTelemetry | undefined {
  return useQuery(runTelemetryOptions(useApi(), runId)).data;
}

/** A live sample: into the host's stream and into every run of that workspace that records it now. */
export function applyTelemetrySample(queryClient: QueryClient, event: { workspaceId: string; sample: TelemetrySample }): void {
  const frame = toTelemetryFrame(event.sample);
  queryClient.setQueryData<LiveTelemetry>(telemetryKeys.live(event.workspaceId), (old) => {
    const store = old?.store ?? new HeatmapStore();
    store.add(frame);
    if (store.columns.length > liveColumnLimit * 1.05) trimColumns(store, liveColumnLimit);
    return { store, version: store.version, last: event.sample };
  });
  for (const [key, run] of queryClient.getQueriesData<RunTelemetry>({ queryKey: telemetryKeys.runs() })) {
    if (run === undefined || !run.isRecording || run.workspaceId !== event.workspaceId) continue;
    if (run.store.add(frame)) queryClient.setQueryData<RunTelemetry>(key, { ...run, version: run.store.version });
  }
}

export function applyTelemetryGap(queryClient: QueryClient, event: { workspaceId: string; gap: TelemetryGap }): void {
  queryClient.setQueryData<LiveTelemetry>(telemetryKeys.live(event.workspaceId), (old) => {
    if (old === undefined) return old;
    old.store.addGap(event.gap);
    return { ...old, version: old.store.version };
  });
}

/** A run that started recording after its telemetry was fetched is fetched again, so live samples flow into it. */
export function refetchNewlyRecordingRuns(queryClient: QueryClient, status: HostStatus): void {
  for (const runId of status.recordingRunIds) {
    const run = queryClient.getQueryData<RunTelemetry>(telemetryKeys.run(runId));
    if (run !== undefined && !run.isRecording) void queryClient.invalidateQueries({ queryKey: telemetryKeys.run(runId) });
  }
}

function trimColumns(store: HeatmapStore, keep: number): void {
  store.columns = store.columns.slice(-keep);
  const firstT = store.columns[0]?.t ?? 0;
  store.gaps = store.gaps.filter((gap) => gap.endT >= firstT);
  store.version += 1;
}
