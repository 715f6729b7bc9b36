import { describe, expect, it } from 'vitest';
import { HostTargetInput } from '../../../../../src-shared/contract/hosts.contract';
import { draftFromHost, draftToTarget, emptyHostDraft } from '../../../../../src-renderer/pages/host/host-draft';

describe('the host form draft', () => {
  it('sends an SSH host with a key file and a jump host through agent auth', () => {
    const target = draftToTarget({ ...emptyHostDraft, address: ' gpu-box ', port: '2222', user: 'llm', identityPath: '/keys/id', useJump: true, jumpAddress: 'bastion', jumpUser: '' });
    expect(HostTargetInput.parse(target)).toEqual({
      kind: 'ssh', address: 'gpu-box', port: 2222, user: 'llm', auth: { kind: 'key', identityPath: '/keys/id' },
      jump: { address: 'bastion', port: 22, user: 'llm', auth: { kind: 'agent' } },
    });
  });

  it('leaves a blank password out so the stored one is kept, and sends a typed one', () => {
    expect(draftToTarget({ ...emptyHostDraft, authKind: 'password', address: 'h' })).toMatchObject({ auth: { kind: 'password' } });
    expect(draftToTarget({ ...emptyHostDraft, authKind: 'password', address: 'h', password: 'pw' })).toMatchObject({ auth: { kind: 'password', password: 'pw' } });
  });

  it('lets the core name a bad port rather than guessing', () => {
    const result = HostTargetInput.safeParse(draftToTarget({ ...emptyHostDraft, address: 'h', port: 'ssh' }));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['port']);
  });

  it('fills the form from the host on record without any secret', () => {
    const draft = draftFromHost({ label: 'x', spec: { kind: 'ssh', address: 'h', port: 22, user: 'u', auth: { kind: 'password', passwordSecretId: 'w-host-password' } } });
    expect(draft).toMatchObject({ kind: 'ssh', address: 'h', authKind: 'password', password: '' });
    expect(draftFromHost({ label: 'x' }).kind).toBe('none');
    expect(draftFromHost({ label: 'x', spec: { kind: 'local' } }).kind).toBe('local');
  });
});
