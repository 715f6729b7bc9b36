import { describe, expect, it } from 'vitest';
import { toAppError } from '../../../../src-shared/errors';
import { openAdHocHost } from '../../../../src-main/core/host-service/ad-hoc-host';

const options = { knownHostsPath: '/nonexistent/known_hosts' };

describe('a host opened ad hoc (--host on the command line)', () => {
  it('opens this machine, keyed by the same identity a workspace on it has, and closes once', async () => {
    const host = await openAdHocHost({ kind: 'local' }, options);
    expect(host.identity).toBe('this machine');
    expect((await host.session.exec(['echo', 'hi'])).stdout).toBe('hi\n');
    await Promise.all([host.close(), host.close()]);
    expect(host.session.state().state).toBe('closed');
  });

  it('refuses a second experiment while the first holds it, and takes one again once released', async () => {
    const host = await openAdHocHost({ kind: 'local' }, options);
    const first = host.lease('llama-bench “a”');
    expect(() => host.lease('a probe')).toThrow(/^host busy: llama-bench “a” since /);
    first.release();
    host.lease('a probe').release();
    await host.close();
  });

  it('refuses a spec whose parts are not a host, before connecting', async () => {
    const error = await openAdHocHost({ kind: 'ssh', address: 'h; touch pwned', port: 22, user: 'root', auth: { kind: 'agent' } }, options).catch(toAppError);
    expect(error).toMatchObject({ code: 'invalid_input' });
  });
});
