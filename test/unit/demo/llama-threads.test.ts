import { describe, expect, it } from 'vitest';
import { chooseLlamaThreads, cpuMaxToCpus, defaultLlamaThreads, readUsableCpus } from '../../../src-main/demo/engine/llama-threads';

const budget = (physicalCores: number, usableCpus: number) => ({ physicalCores, usableCpus, usableSource: 'test' });

describe('the llama engine thread default', () => {
  it('leaves one of two cores to the HTTP loop and the load generator', () => {
    const choice = defaultLlamaThreads(budget(2, 2));
    expect(choice.threads).toBe(1);
    expect(choice.reason).toMatch(/2 physical cores, 2 usable/);
    expect(choice.reason).toMatch(/one core left/);
  });

  it('is capped by the CPUs the process may use, not only by the cores the machine has', () => {
    expect(defaultLlamaThreads(budget(16, 4)).threads).toBe(3);
    expect(defaultLlamaThreads(budget(8, 32)).threads).toBe(7);
  });

  it('never goes below one thread', () => {
    expect(defaultLlamaThreads(budget(1, 1))).toMatchObject({ threads: 1, reason: expect.stringMatching(/one core, so one thread/) });
    expect(defaultLlamaThreads(budget(4, 1)).threads).toBe(1);
  });

  it('takes -t as given and says when it oversubscribes the usable CPUs', () => {
    expect(chooseLlamaThreads(2, budget(2, 2))).toMatchObject({ threads: 2, reason: expect.stringMatching(/within the 2 usable physical cores/) });
    expect(chooseLlamaThreads(6, budget(2, 2)).reason).toMatch(/more than the 2 usable CPUs/);
    expect(chooseLlamaThreads(3, budget(2, 4)).reason).toMatch(/hyperthreads/);
    expect(chooseLlamaThreads(-1, budget(2, 4))).toMatchObject({ threads: 4 });
    expect(chooseLlamaThreads(undefined, budget(2, 2)).threads).toBe(1);
  });
});

describe('cgroup CPU quotas', () => {
  it('reads cgroup v2 cpu.max as a number of CPUs, and "max" as no quota', () => {
    expect(cpuMaxToCpus('200000 100000')).toBe(2);
    expect(cpuMaxToCpus('150000 100000\n')).toBe(1.5);
    expect(cpuMaxToCpus('max 100000')).toBeNull();
    expect(cpuMaxToCpus('garbage')).toBeNull();
  });

  it('reads this machine: at least one usable CPU and where the count came from', () => {
    const usable = readUsableCpus();
    expect(usable.count).toBeGreaterThanOrEqual(1);
    expect(usable.source).toMatch(/affinity|cgroup quota/);
  });
});
