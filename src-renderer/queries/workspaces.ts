import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OperationInput } from '../../src-shared/contract';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/api-context';

export const workspaceKeys = {
  all: ['workspaces'] as const,
  list: () => [...workspaceKeys.all, 'list'] as const,
};

export function workspacesListOptions(api: ApiClient) {
  return queryOptions({ queryKey: workspaceKeys.list(), queryFn: () => api.invoke('workspaces.list', {}) });
}

export function useWorkspaces() {
  return useQuery(workspacesListOptions(useApi()));
}

/** Every workspace mutation ends the same way: the list is refetched from the core. */
function useWorkspaceMutation<I, O>(mutationFn: (api: ApiClient, input: I) => Promise<O>) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => mutationFn(api, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKeys.all }),
  });
}

export function useCreateWorkspace() {
  return useWorkspaceMutation((api, input: OperationInput<'workspaces.create'>) => api.invoke('workspaces.create', input));
}

export function useRemoveWorkspace() {
  return useWorkspaceMutation((api, input: OperationInput<'workspaces.remove'>) => api.invoke('workspaces.remove', input));
}

export function useAddEndpoint() {
  return useWorkspaceMutation((api, input: OperationInput<'endpoints.add'>) => api.invoke('endpoints.add', input));
}

export function useRemoveEndpoint() {
  return useWorkspaceMutation((api, input: OperationInput<'endpoints.remove'>) => api.invoke('endpoints.remove', input));
}
