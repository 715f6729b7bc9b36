import type { HostTargetInput } from '../../../src-shared/contract/hosts.contract';
import type { SshEndpoint } from '../../../src-shared/schemas/host';
import type { HostRef } from '../../../src-shared/schemas/workspace';

export type HostKindDraft = 'none' | 'local' | 'ssh';
export type AuthKindDraft = 'key' | 'agent' | 'password';

/** The host form's fields as typed (strings, so half-typed numbers survive until submit). */
export interface HostDraft {
  kind: HostKindDraft;
  address: string;
  port: string;
  user: string;
  authKind: AuthKindDraft;
  identityPath: string;
  /** Typed secrets; empty = keep the one stored. Never filled from the server. */
  passphrase: string;
  password: string;
  useJump: boolean;
  jumpAddress: string;
  jumpPort: string;
  jumpUser: string;
  /** Empty = ask ssh-agent. */
  jumpIdentityPath: string;
}

export const emptyHostDraft: HostDraft = {
  kind: 'ssh',
  address: '',
  port: '22',
  user: 'root',
  authKind: 'key',
  identityPath: '~/.ssh/id_ed25519',
  passphrase: '',
  password: '',
  useJump: false,
  jumpAddress: '',
  jumpPort: '22',
  jumpUser: '',
  jumpIdentityPath: '',
};

/** The form filled from what the workspace has on record; secrets stay blank. */
export function draftFromHost(host: HostRef): HostDraft {
  const spec = host.spec;
  if (spec === undefined) return { ...emptyHostDraft, kind: 'none' };
  if (spec.kind === 'local') return { ...emptyHostDraft, kind: 'local' };
  return {
    ...emptyHostDraft,
    kind: 'ssh',
    address: spec.address,
    port: String(spec.port),
    user: spec.user,
    authKind: spec.auth.kind,
    identityPath: spec.auth.kind === 'key' ? spec.auth.identityPath : emptyHostDraft.identityPath,
    ...jumpDraft(spec.jump),
  };
}

function jumpDraft(jump: SshEndpoint | undefined): Partial<HostDraft> {
  if (jump === undefined) return {};
  return { useJump: true, jumpAddress: jump.address, jumpPort: String(jump.port), jumpUser: jump.user, jumpIdentityPath: jump.auth.kind === 'key' ? jump.auth.identityPath : '' };
}

/** Blank stays undefined and junk stays NaN: the contract's schema at the core's door names the problem. */
function toPort(text: string): number {
  return text.trim() === '' ? 22 : Number(text);
}

/**
 * The draft as a hosts.update target. Nothing is checked here on purpose: the core parses it
 * with the contract's schema and its messages come back beside each field.
 */
export function draftToTarget(draft: HostDraft): HostTargetInput {
  if (draft.kind !== 'ssh') return { kind: draft.kind };
  const auth =
    draft.authKind === 'key'
      ? { kind: 'key' as const, identityPath: draft.identityPath.trim(), ...(draft.passphrase === '' ? {} : { passphrase: draft.passphrase }) }
      : draft.authKind === 'agent'
        ? { kind: 'agent' as const }
        : { kind: 'password' as const, ...(draft.password === '' ? {} : { password: draft.password }) };
  const jumpAuth = draft.jumpIdentityPath.trim() === '' ? { kind: 'agent' as const } : { kind: 'key' as const, identityPath: draft.jumpIdentityPath.trim() };
  return {
    kind: 'ssh',
    address: draft.address.trim(),
    port: toPort(draft.port),
    user: draft.user.trim(),
    auth,
    ...(draft.useJump ? { jump: { address: draft.jumpAddress.trim(), port: toPort(draft.jumpPort), user: draft.jumpUser.trim() || draft.user.trim(), auth: jumpAuth } } : {}),
  };
}

/** Which form field shows the core's message for each path of hosts.update's input. */
export const hostFieldForPath: Record<string, keyof HostDraft> = {
  'target.address': 'address',
  'target.port': 'port',
  'target.user': 'user',
  'target.auth.identityPath': 'identityPath',
  'target.auth.password': 'password',
  'target.auth.passphrase': 'passphrase',
  'target.jump.address': 'jumpAddress',
  'target.jump.port': 'jumpPort',
  'target.jump.user': 'jumpUser',
  'target.jump.auth.identityPath': 'jumpIdentityPath',
};
