import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OperationInput } from '../../src-shared/contract';
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
