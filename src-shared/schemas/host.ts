import { z } from 'zod';
import { AppErrorData } from '../errors';
import { EpochMs, Id } from './ids';

/**
 * A DNS name, an IPv4 literal or an IPv6 literal (optionally with a zone). Host names never
 * reach a shell (they go to a TCP connect), but a name that could read as an option or carry
 * shell syntax is refused here anyway, so no later caller can misuse it.
 */
const hostNamePattern = /^[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9_.])?$/;
const ipv6Pattern = /^[0-9A-Fa-f:.]{2,45}(?:%[A-Za-z0-9_.-]{1,32})?$/;

export const HostAddress = z
  .string()
  .trim()
  .min(1, 'a host address is needed')
  .max(253)
  .refine((value) => hostNamePattern.test(value) || (value.includes(':') && ipv6Pattern.test(value)), {
    message: 'a host address is a DNS name or an IP address (letters, digits, ".", "-", "_" and ":" only)',
  });
export type HostAddress = z.infer<typeof HostAddress>;

/** POSIX portable user names (plus a trailing `$`, which Samba machine accounts use). */
export const HostUser = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?$/, 'a user name holds letters, digits, ".", "_" and "-" only');
export type HostUser = z.infer<typeof HostUser>;

export const HostPort = z.number().int().min(1).max(65_535);

/** A path on this machine (key files, sockets, known_hosts). Read with fs, never with a shell. */
export const LocalPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((value) => !/[\0\n\r]/.test(value), { message: 'a path cannot hold NUL or line breaks' });

/**
 * How to prove who we are. Secrets (passwords, passphrases) are referenced by secret id and
 * resolved through the secret store at connect time; they never sit in the JSON index.
 */
export const SshAuth = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('key'), identityPath: LocalPath, passphraseSecretId: Id.optional() }),
  z.object({ kind: z.literal('agent'), socketPath: LocalPath.optional() }),
  z.object({ kind: z.literal('password'), passwordSecretId: Id }),
]);
export type SshAuth = z.infer<typeof SshAuth>;

/** One SSH hop: where, as whom, and how to authenticate. */
export const SshEndpoint = z.object({
  address: HostAddress,
  port: HostPort.default(22),
  user: HostUser,
  auth: SshAuth,
});
export type SshEndpoint = z.infer<typeof SshEndpoint>;

/** A remote host reached over SSH, optionally through one jump host. */
export const SshHostSpec = SshEndpoint.extend({
  kind: z.literal('ssh'),
  jump: SshEndpoint.optional(),
});
export type SshHostSpec = z.infer<typeof SshHostSpec>;
export type SshHostSpecInput = z.input<typeof SshHostSpec>;

/** "This machine": the same collectors, run through child_process instead of SSH. */
export const LocalHostSpec = z.object({ kind: z.literal('local') });
export type LocalHostSpec = z.infer<typeof LocalHostSpec>;

export const HostSpec = z.discriminatedUnion('kind', [SshHostSpec, LocalHostSpec]);
export type HostSpec = z.infer<typeof HostSpec>;
export type HostSpecInput = z.input<typeof HostSpec>;

/**
 * What a HostSession reports about its link. `reconnecting` carries the reason the link
 * dropped and when the next attempt starts; `failed` is final (bad key, changed host key,
 * attempts exhausted) and carries the error the user must act on.
 */
export const HostConnectionState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('connecting') }),
  z.object({ state: z.literal('connected'), sinceMs: EpochMs }),
  z.object({
    state: z.literal('reconnecting'),
    attempt: z.number().int().positive(),
    nextAttemptInMs: z.number().nonnegative(),
    reason: AppErrorData,
  }),
  z.object({ state: z.literal('failed'), reason: AppErrorData }),
  z.object({ state: z.literal('closed') }),
]);
export type HostConnectionState = z.infer<typeof HostConnectionState>;

/** A host key as the user sees it: OpenSSH's `SHA256:…` fingerprint, never the raw blob alone. */
export const HostKeyInfo = z.object({
  address: z.string(),
  port: HostPort,
  keyType: z.string(),
  fingerprintSha256: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
  keyBase64: z.string(),
});
export type HostKeyInfo = z.infer<typeof HostKeyInfo>;
