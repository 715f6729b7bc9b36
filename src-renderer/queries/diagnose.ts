import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { EventPayload, OperationInput } from '../../src-shared/contract';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/api-context';

export const diagnoseKeys = {
  all: ['diagnose'] as const,
  lists: () => [...diagnoseKeys.all, 'list'] as const,
  list: (workspaceId?: string) => [...diagnoseKeys.lists(), { workspaceId: workspaceId ?? null }] as const,
  details: () => [...diagnoseKeys.all, 'detail'] as const,
  detail: (diagnosisId: string) => [...diagnoseKeys.details(), diagnosisId] as const,
  lives: () => [...diagnoseKeys.all, 'live'] as const,
  live: (diagnosisId: string) => [...diagnoseKeys.lives(), diagnosisId] as const,
};

/** The last diagnose.progress heard for a diagnosis: which step, and the probe's run in flight. */
export type DiagnosisLive = EventPayload<'diagnose.progress'>;

export function diagnosesListOptions(api: ApiClient, workspaceId?: string) {
  return queryOptions({ queryKey: diagnoseKeys.list(workspaceId), queryFn: () => api.invoke('diagnose.list', workspaceId === undefined ? {} : { workspaceId }) });
}

export function diagnosisOptions(api: ApiClient, diagnosisId: string) {
  return queryOptions({ queryKey: diagnoseKeys.detail(diagnosisId), queryFn: () => api.invoke('diagnose.get', { diagnosisId }) });
}

export function useDiagnoses(workspaceId?: string) {
  return useQuery(diagnosesListOptions(useApi(), workspaceId));
}

export function useDiagnosis(diagnosisId: string | undefined) {
  const api = useApi();
  return useQuery({ ...diagnosisOptions(api, diagnosisId ?? ''), enabled: diagnosisId !== undefined });
}

/** Written only by api/events.ts from diagnose.progress; the query function merely supplies what is there. */
export function useDiagnosisLive(diagnosisId: string): DiagnosisLive | null {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: diagnoseKeys.live(diagnosisId),
    queryFn: () => queryClient.getQueryData<DiagnosisLive | null>(diagnoseKeys.live(diagnosisId)) ?? null,
    staleTime: Infinity,
  });
  return query.data ?? null;
}

/** A diagnose.progress event: the live probe is kept, and the diagnosis and the list are read again. */
export function applyDiagnoseProgress(queryClient: QueryClient, event: DiagnosisLive): void {
  queryClient.setQueryData<DiagnosisLive>(diagnoseKeys.live(event.diagnosisId), event);
  void queryClient.invalidateQueries({ queryKey: diagnoseKeys.detail(event.diagnosisId) });
  void queryClient.invalidateQueries({ queryKey: diagnoseKeys.lists() });
}

function useDiagnosisMutation<I, O extends { id: string }>(call: (api: ApiClient, input: I) => Promise<O>) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => call(api, input),
    onSuccess: (diagnosis) => {
      queryClient.setQueryData(diagnoseKeys.detail(diagnosis.id), diagnosis);
      return queryClient.invalidateQueries({ queryKey: diagnoseKeys.lists() });
    },
  });
}

export function useStartDiagnosis() {
  return useDiagnosisMutation((api, input: OperationInput<'diagnose.start'>) => api.invoke('diagnose.start', input));
}

export function useResumeDiagnosis() {
  return useDiagnosisMutation((api, input: OperationInput<'diagnose.resume'>) => api.invoke('diagnose.resume', input));
}

export function useCancelDiagnosis() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: OperationInput<'diagnose.cancel'>) => api.invoke('diagnose.cancel', input),
    onSettled: (_data, _error, input) => Promise.all([queryClient.invalidateQueries({ queryKey: diagnoseKeys.detail(input.diagnosisId) }), queryClient.invalidateQueries({ queryKey: diagnoseKeys.lists() })]),
  });
}
