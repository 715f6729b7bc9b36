import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { OperationInput } from '../../src-shared/contract';
import type { BenchLiveProgress } from '../../src-shared/contract/bench.contract';
import type { BenchPlanInput } from '../../src-shared/schemas/bench-plan';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/api-context';
import { importBenchInParts, type BenchImportRequest } from './bench-import';

export const benchKeys = {
  all: ['bench'] as const,
  lists: () => [...benchKeys.all, 'list'] as const,
  list: (workspaceId?: string) => [...benchKeys.lists(), { workspaceId: workspaceId ?? null }] as const,
  details: () => [...benchKeys.all, 'detail'] as const,
  detail: (benchRunId: string) => [...benchKeys.details(), benchRunId] as const,
  lives: () => [...benchKeys.all, 'live'] as const,
  live: (benchRunId: string) => [...benchKeys.lives(), benchRunId] as const,
  plan: (plan: BenchPlanInput, workspaceId?: string) => [...benchKeys.all, 'plan', { plan, workspaceId: workspaceId ?? null }] as const,
  comparisons: () => [...benchKeys.all, 'compare'] as const,
  compare: (runIds: readonly string[], baselineRunId?: string, alpha?: number) => [...benchKeys.comparisons(), { runIds, baselineRunId: baselineRunId ?? null, alpha: alpha ?? null }] as const,
  links: (benchRunId: string) => [...benchKeys.all, 'links', benchRunId] as const,
};

export function benchListOptions(api: ApiClient, workspaceId?: string) {
  return queryOptions({ queryKey: benchKeys.list(workspaceId), queryFn: () => api.invoke('bench.list', workspaceId === undefined ? {} : { workspaceId }) });
}

export function benchDetailOptions(api: ApiClient, benchRunId: string) {
  return queryOptions({ queryKey: benchKeys.detail(benchRunId), queryFn: () => api.invoke('bench.get', { benchRunId }) });
}

export function useBenchRuns() {
  return useQuery(benchListOptions(useApi()));
}

export function useBenchRun(benchRunId: string | undefined) {
  const api = useApi();
  return useQuery({ ...benchDetailOptions(api, benchRunId ?? ''), enabled: benchRunId !== undefined });
}

/** The plan checked and estimated by the core as the user types (the caller debounces the input). */
export function useBenchPlanCheck(plan: BenchPlanInput, workspaceId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: benchKeys.plan(plan, workspaceId),
    queryFn: () => api.invoke('bench.plan', workspaceId === undefined ? { plan } : { plan, workspaceId }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useBenchComparison(runIds: readonly string[], options: { baselineRunId?: string; alpha?: number }) {
  const api = useApi();
  const { baselineRunId, alpha } = options;
  return useQuery({
    queryKey: benchKeys.compare(runIds, baselineRunId, alpha),
    queryFn: () => api.invoke('bench.compare', { runIds: [...runIds], ...(baselineRunId === undefined ? {} : { baselineRunId }), ...(alpha === undefined ? {} : { alpha }) }),
    enabled: runIds.length > 0,
    placeholderData: keepPreviousData,
  });
}

export function useBenchLinks(benchRunId: string) {
  const api = useApi();
  return useQuery({ queryKey: benchKeys.links(benchRunId), queryFn: () => api.invoke('bench.links', { benchRunId }) });
}

export function useImportBench() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: BenchImportRequest) => importBenchInParts(api, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: benchKeys.lists() }),
  });
}

export function useStartBench() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: OperationInput<'bench.run'>) => api.invoke('bench.run', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: benchKeys.lists() }),
  });
}

export function useCancelBench() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: OperationInput<'bench.cancel'>) => api.invoke('bench.cancel', input),
    onSettled: (_data, _error, input) => queryClient.invalidateQueries({ queryKey: benchKeys.detail(input.benchRunId) }),
  });
}

/** A running bench's latest progress, written only by useBenchEvents (the core pushes it). */
export function useBenchLive(benchRunId: string | undefined): BenchLiveProgress | undefined {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: benchKeys.live(benchRunId ?? ''),
    queryFn: () => queryClient.getQueryData<BenchLiveProgress>(benchKeys.live(benchRunId ?? '')) ?? null,
    enabled: benchRunId !== undefined,
    staleTime: Infinity,
  });
  return query.data ?? undefined;
}

/**
 * Feeds bench.progress into the live cache and turns bench.finished into refetches, while the
 * Bench page is mounted. The page reloads a running bench's state from bench.get when it mounts,
 * so events missed while it was not shown cost nothing.
 * TODO(#6): move into api/events.ts beside the other push events once that file is free to edit.
 */
export function useBenchEvents(): void {
  const api = useApi();
  const queryClient = useQueryClient();
  useEffect(() => {
    const offs = [
      api.subscribe('bench.progress', (progress) => {
        queryClient.setQueryData(benchKeys.live(progress.benchRunId), progress);
        if (progress.result !== undefined) void queryClient.invalidateQueries({ queryKey: benchKeys.detail(progress.benchRunId) });
      }),
      api.subscribe('bench.finished', (finished) => {
        void queryClient.invalidateQueries({ queryKey: benchKeys.lists() });
        void queryClient.invalidateQueries({ queryKey: benchKeys.detail(finished.benchRunId) });
        void queryClient.invalidateQueries({ queryKey: benchKeys.comparisons() });
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [api, queryClient]);
}
