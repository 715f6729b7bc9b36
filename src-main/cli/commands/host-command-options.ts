import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppError, toAppError } from '../../../src-shared/errors';
import type { HostSpecInput, SshAuth } from '../../../src-shared/schemas/host';
import { openAdHocHost, parseHostUrl, type AdHocHost, type AdHocHostOptions } from '../../core/index';
import { lastValue, type CliIo, type ParsedArgs } from '../args';

/** Options every host command takes (inventory, telemetry). */
export const hostOptionNames = ['host', 'identity', 'known-hosts', 'jump'] as const;
export const hostBooleanNames = ['accept-new-host-key'] as const;
export const hostUsage = '--host ssh://USER@HOST:PORT|local [--identity KEY] [--known-hosts FILE] [--jump ssh://USER@HOST:PORT] [--accept-new-host-key]';

function defaultAuth(identity: string | undefined): SshAuth {
  if (identity !== undefined) return { kind: 'key', identityPath: identity };
  if (process.env.SSH_AUTH_SOCK) return { kind: 'agent' };
  const key = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((name) => join(homedir(), '.ssh', name)).find((path) => existsSync(path));
  if (key === undefined) throw new AppError('invalid_input', 'no key to log in with: pass --identity KEY (no ssh-agent and no ~/.ssh/id_* file)');
  return { kind: 'key', identityPath: key };
}

/** Turns the host options into a HostSpec (checked by the host schemas when it is opened). */
export function hostSpecFromArgs(args: ParsedArgs): HostSpecInput {
  const hostText = lastValue(args, 'host');
  if (hostText === undefined) throw new AppError('invalid_input', '--host is required (ssh://USER@HOST:PORT or local)');
  const target = parseHostUrl(hostText);
  if (target.kind === 'local') return { kind: 'local' };
  const auth = defaultAuth(lastValue(args, 'identity'));
  const jumpText = lastValue(args, 'jump');
  const jump = jumpText === undefined ? undefined : parseHostUrl(jumpText);
  if (jump?.kind === 'local') throw new AppError('invalid_input', '--jump must be an SSH host');
  return {
    kind: 'ssh',
    address: target.address,
    port: target.port,
    user: target.user,
    auth,
    ...(jump?.kind === 'ssh' ? { jump: { address: jump.address, port: jump.port, user: jump.user, auth } } : {}),
  };
}

/**
 * How the host's key is trusted: against --known-hosts (default ~/.ssh/known_hosts, OpenSSH
 * format); an unknown key is refused with its fingerprint unless --accept-new-host-key is given,
 * which trusts and records it (OpenSSH's accept-new).
 */
export function hostTrustFromArgs(args: ParsedArgs, io: CliIo): AdHocHostOptions {
  const knownHostsPath = lastValue(args, 'known-hosts') ?? join(homedir(), '.ssh', 'known_hosts');
  if (!args.flags.has('accept-new-host-key')) return { knownHostsPath };
  return {
    knownHostsPath,
    onUnknownHostKey: (key) => {
      io.err(`accepting the new host key of ${key.address}:${key.port}: ${key.keyType} ${key.fingerprintSha256}`);
      return true;
    },
  };
}

/** Opens the host the options name through the core, for commands that keep no data (inventory, telemetry). */
export async function openHostFromArgs(args: ParsedArgs, io: CliIo): Promise<AdHocHost> {
  return openAdHocHost(hostSpecFromArgs(args), hostTrustFromArgs(args, io));
}

/** Prints an error the way every llmwb command does; returns the exit code (2 bad input, 1 otherwise). */
export function reportCommandError(io: CliIo, command: string, error: unknown): number {
  const appError = toAppError(error);
  for (const [index, line] of appError.message.split('\n').entries()) io.err(index === 0 ? `llmwb ${command}: ${line}` : `  ${line}`);
  if (appError.hint) io.err(`hint: ${appError.hint}`);
  if (appError.code === 'host_key_unknown') io.err('hint: check the fingerprint, then run again with --accept-new-host-key to trust it');
  return appError.code === 'invalid_input' ? 2 : 1;
}
