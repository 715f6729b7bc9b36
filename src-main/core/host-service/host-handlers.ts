import type { Handlers } from '../../../src-shared/contract';
import type { HostService } from './host-service';

type HostOperation =
  | 'hosts.status'
  | 'hosts.update'
  | 'hosts.connect'
  | 'hosts.acceptKey'
  | 'hosts.disconnect'
  | 'hosts.inventory'
  | 'telemetry.start'
  | 'telemetry.stop'
  | 'telemetry.recent';

/** The contract's host and telemetry operations, bound to the host service (inputs are parsed at the door). */
export function createHostHandlers(hosts: HostService): Pick<Handlers, HostOperation> {
  return {
    'hosts.status': ({ workspaceId }) => hosts.status(workspaceId),
    'hosts.update': (input) => hosts.update(input),
    'hosts.connect': ({ workspaceId }) => hosts.connect(workspaceId),
    'hosts.acceptKey': ({ workspaceId, fingerprintSha256 }) => hosts.acceptKey(workspaceId, fingerprintSha256),
    'hosts.disconnect': ({ workspaceId }) => hosts.disconnect(workspaceId),
    'hosts.inventory': ({ workspaceId }) => hosts.inventory(workspaceId),
    'telemetry.start': ({ workspaceId, intervalMs }) => hosts.startTelemetry(workspaceId, intervalMs),
    'telemetry.stop': ({ workspaceId }) => hosts.stopTelemetry(workspaceId),
    'telemetry.recent': ({ workspaceId }) => hosts.recent(workspaceId),
  };
}
