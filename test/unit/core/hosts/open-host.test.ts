import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-shared/errors';
import { HostSpec } from '../../../../src-shared/schemas/host';
import { parseHostUrl } from '../../../../src-main/core/hosts/open-host';

describe('parseHostUrl', () => {
  it('reads the host forms the CLI accepts', () => {
    expect(parseHostUrl('local')).toEqual({ kind: 'local' });
    expect(parseHostUrl('ssh://root@127.0.0.1:2222')).toEqual({ kind: 'ssh', user: 'root', address: '127.0.0.1', port: 2222 });
    expect(parseHostUrl('ops@gpu-box', 'me')).toEqual({ kind: 'ssh', user: 'ops', address: 'gpu-box', port: 22 });
    expect(parseHostUrl('gpu-box.lab:2200', 'me')).toEqual({ kind: 'ssh', user: 'me', address: 'gpu-box.lab', port: 2200 });
    expect(parseHostUrl('ssh://root@[::1]:22')).toEqual({ kind: 'ssh', user: 'root', address: '::1', port: 22 });
  });

  it('rejects command-injection attempts in the host, the user and the port', () => {
    for (const text of ['ssh://root@host;touch pwned', 'ssh://root;touch pwned@host', 'ssh://$(touch pwned)@host', 'ssh://root@host:22;id', 'ssh://root@-oProxyCommand=touch', 'ssh://root@`id`']) {
      expect(() => parseHostUrl(text), text).toThrowError(AppError);
    }
  });

  it('accepts only addresses and users of safe characters, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          const target = parseHostUrl(text, 'me');
          if (target.kind === 'ssh') {
            expect(target.address).toMatch(/^[A-Za-z0-9_.:%-]+$/);
            expect(target.address.startsWith('-')).toBe(false);
            expect(target.user).toMatch(/^[A-Za-z_][A-Za-z0-9_.-]*\$?$/);
          }
        } catch (error) {
          expect((error as AppError).code).toBe('invalid_input');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the host schema refuses a host, user or key path carrying shell syntax or line breaks', () => {
    const base = { kind: 'ssh', address: 'gpu-box', port: 22, user: 'root', auth: { kind: 'key', identityPath: '/k' } };
    expect(HostSpec.safeParse(base).success).toBe(true);
    expect(HostSpec.safeParse({ ...base, address: 'gpu-box; touch pwned' }).success).toBe(false);
    expect(HostSpec.safeParse({ ...base, user: 'root; touch pwned' }).success).toBe(false);
    expect(HostSpec.safeParse({ ...base, auth: { kind: 'key', identityPath: '/k\ntouch pwned' } }).success).toBe(false);
  });
});
