import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OperationInput, OperationOutput } from '../../src-shared/contract';
import type { HostStatus } from '../../src-shared/schemas/host-status';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/api-context';
import { workspaceKeys } from './workspaces';

export const hostKeys = {
  all: ['hosts'] as const,
  statuses: () => [...hostKeys.all, 'status'] as const,
  status: (workspaceId: string) => [...hostKeys.statuses(), workspaceId] as const,
  inventories: () => [...hostKeys.all, 'inventory'] as const,
  inventory: (workspaceId: string) => [...hostKeys.inventories(), workspaceId] as const,
};

export function hostStatusOptions(api: ApiClient, workspaceId: string) {
  return queryOptions({ queryKey: hostKeys.status(workspaceId), queryFn: () => api.invoke('hosts.status', { workspaceId }) });
}

/** The host's status; `host.stateChanged` events keep it current (api/events.ts). */
export function useHostStatus(workspaceId: string | undefined) {
  return useQuery({ ...hostStatusOptions(useApi(), workspaceId ?? ''), enabled: workspaceId !== undefined });
}

export function inventoryOptions(api: ApiClient, workspaceId: string) {
  // An inventory runs a dozen commands on the host: take it when asked, not on every focus or mount.
  return queryOptions({ queryKey: hostKeys.inventory(workspaceId), queryFn: () => api.invoke('hosts.inventory', { workspaceId }), staleTime: Infinity, retry: false });
}

export function useInventory(workspaceId: string | undefined, isConnected: boolean) {
  return useQuery({ ...inventoryOptions(useApi(), workspaceId ?? ''), enabled: workspaceId !== undefined && isConnected });
}

type StatusOperation = 'hosts.connect' | 'hosts.acceptKey' | 'hosts.disconnect' | 'telemetry.start' | 'telemetry.stop';

/** Every operation that answers with the host's status writes it straight into the cache. */
function useStatusMutation<K extends StatusOperation>(op: K) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: OperationInput<K>) => api.invoke(op, input) as Promise<OperationOutput<K>>,
    onSuccess: (status: HostStatus) => {
      queryClient.setQueryData(hostKeys.status(status.workspaceId), status);
      if (op === 'hosts.connect' || op === 'hosts.acceptKey') void queryClient.invalidateQueries({ queryKey: hostKeys.inventory(status.workspaceId) });
    },
  });
}

export const useConnectHost = () => useStatusMutation('hosts.connect');
export const useAcceptHostKey = () => useStatusMutation('hosts.acceptKey');
export const useDisconnectHost = () => useStatusMutation('hosts.disconnect');
export const useStartTelemetry = () => useStatusMutation('telemetry.start');
export const useStopTelemetry = () => useStatusMutation('telemetry.stop');

/** Saves how to reach the host, then refetches the workspace list and the host's status. */
export function useUpdateHost() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: OperationInput<'hosts.update'>) => api.invoke('hosts.update', input),
    onSuccess: async (workspace) => {
      queryClient.removeQueries({ queryKey: hostKeys.inventory(workspace.id) });
      await Promise.all([queryClient.invalidateQueries({ queryKey: workspaceKeys.all }), queryClient.invalidateQueries({ queryKey: hostKeys.status(workspace.id) })]);
    },
  });
}
