import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OperationInput } from '../../src-shared/contract';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/api-context';
import { workspaceKeys } from './workspaces';

export const demoKeys = {
  all: ['demo'] as const,
  status: () => [...demoKeys.all, 'status'] as const,
};

export function demoStatusOptions(api: ApiClient) {
  return queryOptions({ queryKey: demoKeys.status(), queryFn: () => api.invoke('demo.status', {}) });
}

export function useDemoStatus() {
  return useQuery(demoStatusOptions(useApi()));
}

/** Starts the demo server if needed and adds it to the workspace; both views change. */
export function useAttachDemo() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: OperationInput<'demo.attach'>) => api.invoke('demo.attach', input),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: workspaceKeys.all }),
        queryClient.invalidateQueries({ queryKey: demoKeys.all }),
      ]);
    },
  });
}
