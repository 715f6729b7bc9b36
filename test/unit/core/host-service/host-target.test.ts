import { describe, expect, it } from 'vitest';
import { hostRefFromTarget } from '../../../../src-main/core/host-service/host-target';
import { createMemorySecrets } from '../../../../src-main/core/store/secrets';

const ssh = { kind: 'ssh' as const, address: 'gpu-box', port: 22, user: 'llm' };

describe('turning the host form into what the index keeps', () => {
  it('stores a typed passphrase as a secret and keeps only its id', async () => {
    const secrets = createMemorySecrets();
    const ref = await hostRefFromTarget({ ...ssh, auth: { kind: 'key', identityPath: '/k', passphrase: 'open sesame' } }, undefined, { workspaceId: 'w1', previous: { label: 'old' }, secrets });
    expect(ref).toEqual({ label: 'llm@gpu-box', spec: { ...ssh, auth: { kind: 'key', identityPath: '/k', passphraseSecretId: 'w1-host-passphrase' } } });
    expect(JSON.stringify(ref)).not.toContain('open sesame');
    expect(await secrets.get('w1-host-passphrase')).toBe('open sesame');
  });

  it('refuses password auth without a password on record or typed', async () => {
    await expect(hostRefFromTarget({ ...ssh, auth: { kind: 'password' } }, undefined, { workspaceId: 'w1', previous: { label: 'old' }, secrets: createMemorySecrets() })).rejects.toMatchObject({
      code: 'invalid_input',
      details: [{ path: ['target', 'auth', 'password'] }],
    });
  });

  it('removes the secrets a new host no longer uses', async () => {
    const secrets = createMemorySecrets();
    const previous = await hostRefFromTarget({ ...ssh, auth: { kind: 'password', password: 'pw' } }, undefined, { workspaceId: 'w1', previous: { label: 'old' }, secrets });
    const local = await hostRefFromTarget({ kind: 'local' }, undefined, { workspaceId: 'w1', previous, secrets });
    expect(local).toEqual({ label: 'this machine', spec: { kind: 'local' } });
    expect(await secrets.get('w1-host-password')).toBeUndefined();
  });
});
