import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-shared/errors';
import { cpuBusyBetween, parseProcStat } from '../../../../src-main/core/telemetry/parse-proc-stat';
import { hostFixture } from './fixtures';

describe('parseProcStat', () => {
  it('reads the total and one line per CPU of the live 2-vCPU capture', () => {
    const stat = parseProcStat(hostFixture('proc-stat.txt'));
    expect(stat.cpus.map((cpu) => cpu.id)).toEqual([0, 1]);
    expect(stat.total).toEqual({ user: 93776, nice: 211, system: 14627, idle: 35923, iowait: 153, irq: 0, softirq: 333, steal: 384 });
    expect(stat.procsRunning).toBe(7);
    expect(stat.procsBlocked).toBe(0);
  });

  it('skips the id of an offline CPU instead of renumbering', () => {
    const stat = parseProcStat(hostFixture('proc-stat-8cpu-one-offline.txt'));
    expect(stat.cpus.map((cpu) => cpu.id)).toEqual([0, 1, 2, 4, 5, 6, 7]);
  });

  it('measures both CPUs fully busy over the second between the two captures', () => {
    const before = parseProcStat(hostFixture('proc-stat.txt'));
    const after = parseProcStat(hostFixture('proc-stat-1s-later.txt'));
    const cpu0 = cpuBusyBetween(before.cpus[0]!.ticks, after.cpus[0]!.ticks);
    expect(cpu0?.busyPct).toBe(100);
    expect(cpu0?.userPct).toBeCloseTo((94 / 102) * 100, 6);
    expect(cpu0?.systemPct).toBeCloseTo((8 / 102) * 100, 6);
    expect(cpuBusyBetween(before.total, after.total)?.iowaitPct).toBe(0);
  });

  it('pads the columns older kernels leave out with zeros', () => {
    const stat = parseProcStat('cpu  10 0 5 85\ncpu0 10 0 5 85\n');
    expect(stat.cpus[0]!.ticks.steal).toBe(0);
  });

  it('returns null for an interval with no time or a counter that went backwards', () => {
    const ticks = parseProcStat(hostFixture('proc-stat.txt')).total;
    expect(cpuBusyBetween(ticks, ticks)).toBeNull();
    expect(cpuBusyBetween(ticks, { ...ticks, idle: ticks.idle - 1, user: ticks.user + 5 })).toBeNull();
  });

  it('says "cannot read /proc/stat output" with the first line for another format', () => {
    expect(() => parseProcStat('MemTotal: 1 kB\n')).toThrowError(/cannot read \/proc\/stat output.*first line: "MemTotal: 1 kB"/);
  });

  it('never throws anything but a parse_error AppError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        try {
          parseProcStat(text);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('parse_error');
        }
      }),
    );
  });

  it('keeps every busy share between 0 and 100 for any pair of growing counters', () => {
    const ticks = fc.record({
      user: fc.nat(1e6), nice: fc.nat(1e6), system: fc.nat(1e6), idle: fc.nat(1e6),
      iowait: fc.nat(1e6), irq: fc.nat(1e6), softirq: fc.nat(1e6), steal: fc.nat(1e6),
    });
    fc.assert(
      fc.property(ticks, ticks, (before, delta) => {
        const after = Object.fromEntries(Object.entries(before).map(([key, value]) => [key, value + delta[key as keyof typeof delta]])) as typeof before;
        const share = cpuBusyBetween(before, after);
        if (share === null) return;
        for (const value of Object.values(share)) expect(value >= 0 && value <= 100).toBe(true);
        expect(share.userPct + share.systemPct).toBeLessThanOrEqual(share.busyPct + 1e-9);
      }),
    );
  });
});
