import { describe, expect, it } from 'vitest';
import { capacityStatement, describeCapacity } from '../../../../../src-main/core/diagnose/capacity/capacity-statement';
import { nextProbe } from '../../../../../src-main/core/diagnose/capacity/capacity-search';
import { runVirtualSearch, virtualScenario } from '../../../../support/virtual-capacity-search';

describe('the capacity confidence statement', () => {
  it('gives the capacity, both bounds with their intervals, the binding SLO, probes and unresolved loads', () => {
    const { state, result } = runVirtualSearch(virtualScenario(1));
    expect(nextProbe(state)).toEqual({ kind: 'done', result });
    const statement = capacityStatement(state, result);
    expect(statement.atPass?.users).toBe(result.capacityUsers);
    expect(statement.atFail?.users).toBe(result.failUsers);
    const text = describeCapacity(statement);
    expect(text).toContain(`${statement.isAtLeast ? 'at least ' : ''}${result.capacityUsers} concurrent users`);
    expect(text).toMatch(/95 % CI \d+\.\d %–\d+\.\d %/);
    expect(text).toContain(`Binding SLO: ${result.bindingSlo}`);
    expect(text).toContain(`${result.probesUsed} probes`);
    if (statement.unresolvedUsers.length > 0) expect(text).toContain(`Unresolved probes (counted as not passing) at ${statement.unresolvedUsers.join(', ')} users`);
  });
});
