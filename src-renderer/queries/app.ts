import { queryOptions, useQuery } from '@tanstack/react-query';
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
