import type { Handlers, OperationInput, OperationName, OperationOutput } from '../../../src-shared/contract';
import type { AdHocHost } from '../host-service/ad-hoc-host';
import { takeInventory } from '../inventory/take-inventory';
import { invokeOperation } from '../invoke';
import { createConfigHandlers, type ConfigHandlerDeps } from './config-handlers';
import type { ConfigTargetDeps } from './config-target';
import { adoptRunningServer, type ProcessLaunchSettings } from './process-launcher';

/** The config operations over a host no workspace holds, for `llmwb config --host …`. */
export interface AdHocConfig {
  /** Calls an operation through the contract's door, the config ones over the ad-hoc host. */
  invoke<K extends OperationName>(op: K, input: OperationInput<K>): Promise<OperationOutput<K>>;
  /** Launch settings adopting the llama-server running as `pid` on the host (argv and cwd from /proc). */
  adopt(pid: number): Promise<ProcessLaunchSettings>;
}

/**
 * The config handlers with the workspace's host replaced by an ad-hoc one: its session, its lease
 * (the host service's leases, so a bench in this process on the same login excludes an apply)
 * and its inventory. Endpoints and the journal stay in the workspace the caller names, so a
 * later command finds the launch method and the entries to roll back.
 */
export function configOnAdHocHost(deps: ConfigHandlerDeps & { handlers: Handlers }, host: AdHocHost): AdHocConfig {
  const access: ConfigTargetDeps['hosts'] = {
    session: async () => host.session,
    lease: async (_workspaceId, what) => host.lease(what),
    inventory: async () => takeInventory(host.session),
  };
  const handlers: Handlers = { ...deps.handlers, ...createConfigHandlers({ ...deps, hosts: access }) };
  return {
    invoke: (op, input) => invokeOperation(handlers, op, input),
    adopt: (pid) => adoptRunningServer(host.session, pid),
  };
}
