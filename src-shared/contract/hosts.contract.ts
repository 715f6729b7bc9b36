import { z } from 'zod';
import { HostAddress, HostPort, HostUser, LocalPath } from '../schemas/host';
import { HostStatus } from '../schemas/host-status';
import { Id } from '../schemas/ids';
import { Inventory } from '../schemas/inventory';
import { Workspace } from '../schemas/workspace';
import { defineOperation } from './define';

/**
 * How the user authenticates, as the form sends it. A password or passphrase typed here is
 * moved into the secret store by the core and only its secret id is kept in the index; leaving
 * it out keeps the one already stored.
 */
export const SshAuthInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('key'), identityPath: LocalPath, passphrase: z.string().max(1024).optional() }),
  z.object({ kind: z.literal('agent'), socketPath: LocalPath.optional() }),
  z.object({ kind: z.literal('password'), password: z.string().min(1).max(1024).optional() }),
]);
export type SshAuthInput = z.infer<typeof SshAuthInput>;

export const SshEndpointInput = z.object({
  address: HostAddress,
  port: HostPort.default(22),
  user: HostUser,
  auth: SshAuthInput,
});

/** Where the workspace's host is: nowhere yet, this machine, or SSH (optionally via a jump host). */
export const HostTargetInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('local') }),
  SshEndpointInput.extend({ kind: z.literal('ssh'), jump: SshEndpointInput.optional() }),
]);
export type HostTargetInput = z.input<typeof HostTargetInput>;

const WorkspaceRef = z.object({ workspaceId: Id });

export const hostsOperations = {
  'hosts.status': defineOperation({
    summary: 'The workspace host’s connection, pending host key, telemetry state and recording runs.',
    input: WorkspaceRef,
    output: HostStatus,
  }),
  'hosts.update': defineOperation({
    summary: 'Set how to reach a workspace’s host (SSH, this machine, or none); closes any open session to the old one.',
    input: WorkspaceRef.extend({ label: z.string().trim().min(1).max(200).optional(), target: HostTargetInput }),
    output: Workspace,
  }),
  'hosts.connect': defineOperation({
    summary: 'Open the workspace host’s session. Resolves with the status after the attempt: connected, a key to accept, or failed with the reason.',
    input: WorkspaceRef,
    output: HostStatus,
  }),
  'hosts.acceptKey': defineOperation({
    summary: 'Trust the pending host key the user checked (by its SHA256 fingerprint), record it in the workspace’s known hosts, and connect.',
    input: WorkspaceRef.extend({ fingerprintSha256: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'a SHA256:… fingerprint') }),
    output: HostStatus,
  }),
  'hosts.disconnect': defineOperation({
    summary: 'Stop telemetry and close the workspace host’s session.',
    input: WorkspaceRef,
    output: HostStatus,
  }),
  'hosts.inventory': defineOperation({
    summary: 'What the host is (CPU, memory, GPUs, container limits, the running server), with plain warnings. Needs a connected host.',
    input: WorkspaceRef,
    output: Inventory,
  }),
} as const;

export const hostsEvents = {
  /** The full status after any change: link state, pending key, telemetry state, recording runs. */
  'host.stateChanged': HostStatus,
} as const;
