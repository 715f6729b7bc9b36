import { QueryClient } from '@tanstack/react-query';
import { AppError } from '../../src-shared/errors';
import { runKeys } from './runs';

/** Codes worth a second try: the socket may come back. Anything else the user has to fix. */
const retriable = new Set(['unreachable', 'timeout']);

export function createQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: {
        // The core pushes changes as events, so focus refetches would only add noise.
        refetchOnWindowFocus: false,
        staleTime: 10_000,
        retry: (failureCount, error) => failureCount < 3 && (!(error instanceof AppError) || retriable.has(error.code)),
      },
      mutations: { retry: false },
    },
  });
  // Live runs exist only in this cache (fed by run.progress); dropping them would lose points.
  client.setQueryDefaults(runKeys.lives(), { staleTime: Infinity, gcTime: Infinity });
  return client;
}
