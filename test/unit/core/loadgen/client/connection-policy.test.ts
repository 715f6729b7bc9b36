import { describe, expect, it } from 'vitest';
import { ConnectionPolicy } from '../../../../../src-main/core/loadgen/client/connection-policy';

describe('the connection policy of a worker', () => {
  it('opens a new connection per request once the server has closed connections after two answers in a row', () => {
    let switches = 0;
    const policy = new ConnectionPolicy(() => (switches += 1));
    policy.recordServerClose();
    expect(policy.isFreshPerRequest).toBe(false);
    policy.recordServerClose();
    expect(policy.isFreshPerRequest).toBe(true);
    policy.recordServerClose();
    expect(switches).toBe(1);
  });

  it('keeps reusing connections on a server that closes one now and then but answers on reused ones', () => {
    const policy = new ConnectionPolicy();
    for (let request = 0; request < 10; request += 1) {
      policy.recordServerClose();
      policy.recordReuseAnswered();
    }
    expect(policy.isFreshPerRequest).toBe(false);
  });
});
