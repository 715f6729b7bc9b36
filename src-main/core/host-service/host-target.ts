import { z } from 'zod';
import type { HostTargetInput, SshEndpointInput } from '../../../src-shared/contract/hosts.contract';
import { AppError } from '../../../src-shared/errors';
import type { SshAuth, SshEndpoint } from '../../../src-shared/schemas/host';
import type { HostRef } from '../../../src-shared/schemas/workspace';
import type { Secrets } from '../store/secrets';

type ParsedTarget = z.output<typeof HostTargetInput>;
type ParsedEndpoint = z.output<typeof SshEndpointInput>;
type Role = 'host' | 'jump';

/** The secret ids a workspace's host may use: one password and one passphrase per hop. */
export function hostSecretIds(workspaceId: string): string[] {
  return (['host', 'jump'] as const).flatMap((role) => [secretId(workspaceId, role, 'password'), secretId(workspaceId, role, 'passphrase')]);
}

function secretId(workspaceId: string, role: Role, kind: 'password' | 'passphrase'): string {
  return `${workspaceId}-${role}-${kind}`;
}

interface TargetContext {
  workspaceId: string;
  previous: HostRef;
  secrets: Secrets;
}

/**
 * Turns what the host form sent into the HostRef the index keeps. A typed password or
 * passphrase goes into the secret store and only its id is returned; an omitted one keeps the
 * id already on record. Secrets the new host no longer refers to are removed.
 */
export async function hostRefFromTarget(target: ParsedTarget, label: string | undefined, context: TargetContext): Promise<HostRef> {
  const ref = await buildRef(target, label, context);
  const used = new Set(secretIdsOf(ref));
  for (const id of hostSecretIds(context.workspaceId)) if (!used.has(id)) await context.secrets.remove(id);
  return ref;
}

async function buildRef(target: ParsedTarget, label: string | undefined, context: TargetContext): Promise<HostRef> {
  if (target.kind === 'none') return { label: label ?? context.previous.label };
  if (target.kind === 'local') return { label: label ?? 'this machine', spec: { kind: 'local' } };
  const previousSpec = context.previous.spec?.kind === 'ssh' ? context.previous.spec : undefined;
  const host = await endpointSpec(target, { ...context, role: 'host', previous: previousSpec });
  const jump = target.jump === undefined ? undefined : await endpointSpec(target.jump, { ...context, role: 'jump', previous: previousSpec?.jump });
  return {
    label: label ?? `${target.user}@${target.address}${target.port === 22 ? '' : `:${target.port}`}`,
    spec: { kind: 'ssh', ...host, ...(jump === undefined ? {} : { jump }) },
  };
}

interface EndpointContext {
  workspaceId: string;
  secrets: Secrets;
  role: Role;
  previous: SshEndpoint | undefined;
}

async function endpointSpec(input: ParsedEndpoint, context: EndpointContext): Promise<SshEndpoint> {
  return { address: input.address, port: input.port, user: input.user, auth: await authSpec(input.auth, context) };
}

async function authSpec(auth: ParsedEndpoint['auth'], context: EndpointContext): Promise<SshAuth> {
  const previous = context.previous?.auth;
  if (auth.kind === 'agent') return auth.socketPath === undefined ? { kind: 'agent' } : { kind: 'agent', socketPath: auth.socketPath };
  if (auth.kind === 'key') {
    const id = secretId(context.workspaceId, context.role, 'passphrase');
    if (auth.passphrase !== undefined && auth.passphrase !== '') await context.secrets.set(id, auth.passphrase);
    const keep = previous?.kind === 'key' && previous.passphraseSecretId !== undefined && auth.passphrase === undefined;
    const hasPassphrase = (auth.passphrase !== undefined && auth.passphrase !== '') || keep;
    return hasPassphrase ? { kind: 'key', identityPath: auth.identityPath, passphraseSecretId: id } : { kind: 'key', identityPath: auth.identityPath };
  }
  const id = secretId(context.workspaceId, context.role, 'password');
  if (auth.password !== undefined) {
    await context.secrets.set(id, auth.password);
    return { kind: 'password', passwordSecretId: id };
  }
  if (previous?.kind === 'password' && (await context.secrets.get(previous.passwordSecretId)) !== undefined) return previous;
  throw new AppError('invalid_input', `${context.role === 'jump' ? 'jump host ' : ''}password: type the password (it is kept in the secret store, never in the workspace file)`, {
    details: [{ path: context.role === 'jump' ? ['target', 'jump', 'auth', 'password'] : ['target', 'auth', 'password'], message: 'a password is needed' }],
  });
}

function secretIdsOf(ref: HostRef): string[] {
  const spec = ref.spec;
  if (spec?.kind !== 'ssh') return [];
  return [spec.auth, spec.jump?.auth].flatMap((auth) => {
    if (auth?.kind === 'password') return [auth.passwordSecretId];
    if (auth?.kind === 'key' && auth.passphraseSecretId !== undefined) return [auth.passphraseSecretId];
    return [];
  });
}
