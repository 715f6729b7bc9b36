import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OperationInput } from '../../src-shared/contract';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/api-context';
import { idleApply, type LiveApply } from './config-live';
import { workspaceKeys } from './workspaces';

/** Which endpoint of which workspace; every config operation takes both. */
export interface EndpointRef {
  workspaceId: string;
  endpointId: string;
}

type DraftConfig = OperationInput<'config.check'>['config'];

export const configKeys = {
  all: ['config'] as const,
  views: () => [...configKeys.all, 'view'] as const,
  view: (ref: EndpointRef) => [...configKeys.views(), ref] as const,
  checks: () => [...configKeys.all, 'check'] as const,
  check: (ref: EndpointRef, config: DraftConfig) => [...configKeys.checks(), ref, config] as const,
  plans: () => [...configKeys.all, 'plan'] as const,
  plan: (ref: EndpointRef, config: DraftConfig) => [...configKeys.plans(), ref, config] as const,
  presetLists: () => [...configKeys.all, 'presets'] as const,
  presets: (ref: EndpointRef) => [...configKeys.presetLists(), ref] as const,
  journals: () => [...configKeys.all, 'journal'] as const,
  journal: (ref: EndpointRef) => [...configKeys.journals(), ref] as const,
  lives: () => [...configKeys.all, 'live'] as const,
  live: (endpointId: string) => [...configKeys.lives(), endpointId] as const,
};

export function configViewOptions(api: ApiClient, ref: EndpointRef) {
  // Reading runs commands on the host: again only when something changed it (config.finished, setLaunch).
  return queryOptions({ queryKey: configKeys.view(ref), queryFn: () => api.invoke('config.read', ref), staleTime: Infinity, retry: false });
}

/** The endpoint server's configuration as read from its host. */
export function useConfigView(ref: EndpointRef) {
  return useQuery(configViewOptions(useApi(), ref));
}

/** Problems and the memory estimate of a draft (the caller debounces it); the last answer stays while the next comes. */
export function useConfigCheck(ref: EndpointRef, config: DraftConfig, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: configKeys.check(ref, config),
    queryFn: () => api.invoke('config.check', { ...ref, config }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
}

/** What applying the draft changes on the host; only asked for while the draft differs from what runs. */
export function useConfigPlan(ref: EndpointRef, config: DraftConfig, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: configKeys.plan(ref, config),
    queryFn: () => api.invoke('config.plan', { ...ref, config }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
}

export function useConfigPresets(ref: EndpointRef, enabled: boolean) {
  const api = useApi();
  // Presets come from the host's inventory: computed once per visit, not per keystroke.
  return useQuery({ queryKey: configKeys.presets(ref), queryFn: () => api.invoke('config.presets', ref), enabled, staleTime: Infinity, retry: false });
}

export function useConfigJournal(ref: EndpointRef) {
  const api = useApi();
  return useQuery({ queryKey: configKeys.journal(ref), queryFn: () => api.invoke('config.journal', ref) });
}

/** The apply in progress (or the last one), written only by api/events.ts from config.progress and config.finished. */
export function useLiveApply(endpointId: string): LiveApply {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: configKeys.live(endpointId),
    queryFn: () => queryClient.getQueryData<LiveApply>(configKeys.live(endpointId)) ?? idleApply,
    staleTime: Infinity,
  });
  return query.data ?? idleApply;
}

/** After an apply or a roll back: the host runs something else now, and the journal has a new entry. */
function useRefreshAfterApply() {
  const queryClient = useQueryClient();
  return (ref: EndpointRef) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: configKeys.view(ref) }),
      queryClient.invalidateQueries({ queryKey: configKeys.journals() }),
      queryClient.invalidateQueries({ queryKey: configKeys.plans() }),
    ]);
}

export function useApplyConfig() {
  const api = useApi();
  const refresh = useRefreshAfterApply();
  return useMutation({
    mutationFn: (input: OperationInput<'config.apply'>) => api.invoke('config.apply', input),
    onSettled: (_data, _error, input) => refresh({ workspaceId: input.workspaceId, endpointId: input.endpointId }),
  });
}

export function useCancelApply() {
  const api = useApi();
  return useMutation({ mutationFn: (input: OperationInput<'config.cancel'>) => api.invoke('config.cancel', input) });
}

/** "Roll back to this" (or undo) a journal entry of `endpointId`. */
export function useRollbackConfig(ref: EndpointRef) {
  const api = useApi();
  const refresh = useRefreshAfterApply();
  return useMutation({
    mutationFn: (input: OperationInput<'config.rollback'>) => api.invoke('config.rollback', input),
    onSettled: () => refresh(ref),
  });
}

/** Records how the endpoint's server is launched; the configuration is then read through that method. */
export function useSetLaunch() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: OperationInput<'endpoints.setLaunch'>) => api.invoke('endpoints.setLaunch', input),
    onSuccess: (_endpoint, { workspaceId, endpointId }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: workspaceKeys.all }),
        queryClient.invalidateQueries({ queryKey: configKeys.view({ workspaceId, endpointId }) }),
        queryClient.invalidateQueries({ queryKey: configKeys.presets({ workspaceId, endpointId }) }),
      ]),
  });
}
