import { z } from 'zod';
import { HostConnectionState, HostKeyInfo } from './host';
import { Id } from './ids';

/** A telemetry stream's state (core/telemetry/telemetry-session.ts), plus `off` when none runs. */
export const TelemetryStreamState = z.enum(['off', 'idle', 'starting', 'streaming', 'reconnecting', 'stopped', 'failed']);
export type TelemetryStreamState = z.infer<typeof TelemetryStreamState>;

/** The link of a workspace's host: a HostSession's own states, or `disconnected` when none is open. */
export const HostLinkState = z.discriminatedUnion('state', [...HostConnectionState.options, z.object({ state: z.literal('disconnected') })]);
export type HostLinkState = z.infer<typeof HostLinkState>;

/**
 * Everything the UI shows about a workspace's host at one moment. `pendingKey` is a host key
 * that is not on record yet: the user compares its SHA256 fingerprint and accepts it (or not).
 * A changed key never becomes pending: the connection ends `failed` with `host_key_changed`.
 */
export const HostStatus = z.object({
  workspaceId: Id,
  /** `user@host:port`, `this machine`, or the workspace's label when the host has no spec. */
  label: z.string(),
  kind: z.enum(['none', 'local', 'ssh']),
  connection: HostLinkState,
  pendingKey: HostKeyInfo.nullable(),
  telemetry: z.object({
    state: TelemetryStreamState,
    intervalMs: z.number().positive(),
    /** Non-fatal trouble the sampler reported (an unreadable GPU tool …), newest last. */
    problems: z.array(z.string()),
  }),
  /** Runs recording this host's telemetry into their folders right now. */
  recordingRunIds: z.array(Id),
  /** Whether passwords and passphrases given here outlive this process (false in browser mode and the CLI). */
  secretsPersist: z.boolean(),
});
export type HostStatus = z.infer<typeof HostStatus>;
