import { queryOptions, useMutation, useQueries, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { OperationInput } from '../../src-shared/contract';
import type { RunServerPage } from '../../src-shared/contract/server.contract';
import type { ServerSample, ServerScrapeSummary } from '../../src-shared/schemas/server-sample';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/api-context';
import { emptyLiveRun, type LiveRun } from './live-runs';

export const runKeys = {
  all: ['runs'] as const,
  lists: () => [...runKeys.all, 'list'] as const,
  list: (workspaceId?: string) => [...runKeys.lists(), { workspaceId: workspaceId ?? null }] as const,
  details: () => [...runKeys.all, 'detail'] as const,
  detail: (runId: string) => [...runKeys.details(), runId] as const,
  lives: () => [...runKeys.all, 'live'] as const,
  live: (runId: string) => [...runKeys.lives(), runId] as const,
};

export function runsListOptions(api: ApiClient, workspaceId?: string) {
  return queryOptions({
    queryKey: runKeys.list(workspaceId),
    queryFn: () => api.invoke('runs.list', workspaceId === undefined ? {} : { workspaceId }),
  });
}

export function runDetailOptions(api: ApiClient, runId: string) {
  return queryOptions({ queryKey: runKeys.detail(runId), queryFn: () => api.invoke('runs.get', { runId }) });
}

export function useRuns(workspaceId?: string) {
  return useQuery(runsListOptions(useApi(), workspaceId));
}

export function useRun(runId: string | undefined) {
  const api = useApi();
  return useQuery({ ...runDetailOptions(api, runId ?? ''), enabled: runId !== undefined });
}

/**
 * The live view of a run lives only in the cache: api/events.ts writes it from run.progress,
 * and this query function merely supplies an empty start, so it never overwrites those writes.
 */
export function useLiveRun(runId: string | undefined): LiveRun | undefined {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: runKeys.live(runId ?? ''),
    queryFn: () => queryClient.getQueryData<LiveRun>(runKeys.live(runId ?? '')) ?? emptyLiveRun(runId ?? ''),
    enabled: runId !== undefined,
  });
  return query.data;
}

export function useStartRun() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (plan: OperationInput<'runs.start'>) => api.invoke('runs.start', plan),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: runKeys.lists() }),
  });
}

export function useStopRun() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: OperationInput<'runs.stop'>) => api.invoke('runs.stop', input),
    onSettled: (_data, _error, input) => queryClient.invalidateQueries({ queryKey: runKeys.detail(input.runId) }),
  });
}

/** A run's server view as the page holds it: samples sorted by time, and the summary once known. */
export interface RunServerView {
  samples: ServerSample[];
  summary: ServerScrapeSummary | null;
}

export const runServerKeys = {
  all: [...runKeys.all, 'server'] as const,
  detail: (runId: string) => [...runServerKeys.all, runId] as const,
};

/** Every page of a run's server.jsonl; live samples heard meanwhile are kept (see applyServerSample). */
export function runServerOptions(api: ApiClient, runId: string, queryClient: QueryClient) {
  return queryOptions({
    queryKey: runServerKeys.detail(runId),
    queryFn: async (): Promise<RunServerView> => {
      const samples: ServerSample[] = [];
      let summary: ServerScrapeSummary | null = null;
      for (let offset: number | null = 0; offset !== null; ) {
        const page: RunServerPage = await api.invoke('runs.server', { runId, offset });
        samples.push(...page.samples);
        summary = page.summary;
        offset = page.nextOffset;
      }
      const heard = queryClient.getQueryData<RunServerView>(runServerKeys.detail(runId))?.samples ?? [];
      return { samples: mergeSamples(samples, heard), summary };
    },
  });
}

export function useRunServer(runId: string | undefined): RunServerView | undefined {
  const queryClient = useQueryClient();
  return useQuery({ ...runServerOptions(useApi(), runId ?? '', queryClient), enabled: runId !== undefined }).data;
}

/** The server views of several runs at once (the comparison). */
export function useRunServers(runIds: readonly string[]): Array<RunServerView | undefined> {
  const api = useApi();
  const queryClient = useQueryClient();
  return useQueries({ queries: runIds.map((runId) => runServerOptions(api, runId, queryClient)) }).map((query) => query.data);
}

export const runRequestKeys = {
  all: [...runKeys.all, 'requests'] as const,
  detail: (runId: string) => [...runRequestKeys.all, runId] as const,
};

/** A finished run's per-request client TTFT against the server's prompt time (sampled by main). */
export function runRequestPointsOptions(api: ApiClient, runId: string) {
  return queryOptions({ queryKey: runRequestKeys.detail(runId), queryFn: () => api.invoke('runs.requests', { runId }) });
}

export function useRunRequestPoints(runId: string) {
  return useQuery(runRequestPointsOptions(useApi(), runId));
}

export const runComparisonKeys = {
  all: [...runKeys.all, 'compare'] as const,
  detail: (runIds: readonly string[]) => [...runComparisonKeys.all, ...runIds] as const,
};

/** The statistical verdicts of runs against the first (runs.compare); saved runs do not change, so it is fetched once. */
export function runComparisonOptions(api: ApiClient, runIds: readonly string[]) {
  return queryOptions({ queryKey: runComparisonKeys.detail(runIds), queryFn: () => api.invoke('runs.compare', { runIds: [...runIds] }), staleTime: Number.POSITIVE_INFINITY });
}

export function useRunComparison(runIds: readonly string[], isEnabled: boolean) {
  return useQuery({ ...runComparisonOptions(useApi(), runIds), enabled: isEnabled });
}

/** The records and series of several runs at once (the comparison). */
export function useRunDetails(runIds: readonly string[]) {
  const api = useApi();
  return useQueries({ queries: runIds.map((runId) => runDetailOptions(api, runId)) });
}

/** A run.serverSample event: appended to the run's server view (about one a second). */
export function applyServerSample(queryClient: QueryClient, event: { runId: string; sample: ServerSample }): void {
  queryClient.setQueryData<RunServerView>(runServerKeys.detail(event.runId), (old) => ({
    samples: mergeSamples(old?.samples ?? [], [event.sample]),
    summary: old?.summary ?? null,
  }));
}

/** Joins two sample lists by scrape time, without duplicates, sorted (Chart.js `normalized`). */
export function mergeSamples(base: readonly ServerSample[], extra: readonly ServerSample[]): ServerSample[] {
  if (extra.length === 0) return [...base];
  const last = base.at(-1);
  if (last === undefined || (extra.length === 1 && extra[0]!.t > last.t)) return [...base, ...extra];
  const byT = new Map<number, ServerSample>();
  for (const sample of [...base, ...extra]) byT.set(sample.t, sample);
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

/** Writes a run's export in the data folder and brings its files' text back (runs.export); changes no cached query. */
export function useExportRun() {
  const api = useApi();
  return useMutation({ mutationFn: (input: OperationInput<'runs.export'>) => api.invoke('runs.export', input) });
}

/** Reads a dataset the way a run would and says what it holds (datasets.inspect). */
export function useInspectDataset() {
  const api = useApi();
  return useMutation({ mutationFn: (spec: OperationInput<'datasets.inspect'>) => api.invoke('datasets.inspect', spec) });
}
