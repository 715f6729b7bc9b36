import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import type { OperationInput } from '../../src-shared/contract';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/api-context';

export const appKeys = {
  all: ['app'] as const,
  info: () => [...appKeys.all, 'info'] as const,
};

export function appInfoOptions(api: ApiClient) {
  // Which shell and version cannot change while the page lives.
  return queryOptions({ queryKey: appKeys.info(), queryFn: () => api.invoke('app.info', {}), staleTime: Infinity });
}

export function useAppInfo() {
  return useQuery(appInfoOptions(useApi()));
}

/** The desktop app's own file dialog (files.pick); the core reads a path chosen there without asking again. */
export function usePickFile() {
  const api = useApi();
  return useMutation({ mutationFn: (input: OperationInput<'files.pick'>) => api.invoke('files.pick', input) });
}
