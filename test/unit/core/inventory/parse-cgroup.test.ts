import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containerFromCgroup, cpuMaxToCpus, parseCgroupDump } from '../../../../src-main/core/inventory/parse-cgroup';
import { hostFixture } from '../telemetry/fixtures';
import { expectOnlyParseErrors, mutatedLines } from '../telemetry/parser-properties';

describe('parseCgroupDump', () => {
  it('reads the live cgroup v1 capture: no quota, both CPUs', () => {
    expect(parseCgroupDump(hostFixture('cgroup-v1-cpu.txt'))).toEqual({
      version: 1, path: '/', cpuQuotaCpus: null, cpusetEffective: '0-1', cpusetCount: 2, memoryMaxBytes: null, nrPeriods: 0, nrThrottled: 0,
    });
  });

  it('reads the v2 Docker scope: 4 CPUs of quota on cpuset 0-7, heavily throttled', () => {
    const cgroup = parseCgroupDump(hostFixture('cgroup-v2-cpu.txt'));
    expect(cgroup).toMatchObject({ version: 2, cpuQuotaCpus: 4, cpusetEffective: '0-7', cpusetCount: 8, memoryMaxBytes: 34359738368, nrPeriods: 91234, nrThrottled: 40127 });
    expect(cgroup.path).toMatch(/^\/system\.slice\/docker-7f3c9a1e/);
  });

  it('reads the live session dump of the build machine (v1, memory limit at "unlimited")', () => {
    expect(parseCgroupDump(hostFixture('process-session-cgroup-v1.txt'))).toMatchObject({ version: 1, cpuQuotaCpus: null, memoryMaxBytes: null, cpusetCount: 2 });
  });

  it('takes the tightest quota along the path to the root', () => {
    const dump = [
      '==> stat -fc %T /sys/fs/cgroup <==', 'cgroup2fs',
      '==> /proc/7/cgroup <==', '0::/a/b',
      '==> /sys/fs/cgroup/a/b/cpu.max <==', 'max 100000', '',
      '==> /sys/fs/cgroup/a/cpu.max <==', '150000 100000', '',
      '==> /sys/fs/cgroup/a/b/memory.max <==', 'max', '',
      '==> /sys/fs/cgroup/a/memory.max <==', '1073741824',
    ].join('\n');
    expect(parseCgroupDump(dump)).toMatchObject({ path: '/a/b', cpuQuotaCpus: 1.5, memoryMaxBytes: 1073741824 });
  });

  it('reads cpu.max with and without a quota', () => {
    expect(cpuMaxToCpus('400000 100000')).toBe(4);
    expect(cpuMaxToCpus('max 100000')).toBeNull();
    expect(cpuMaxToCpus('garbage')).toBeNull();
  });

  it('finds the container of a process from its cgroup path', () => {
    expect(containerFromCgroup(hostFixture('cgroup-v2-cpu.txt'))).toEqual({ runtime: 'docker', id: '7f3c9a1e52d04b6c8e1f2a9d3b7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d' });
    expect(containerFromCgroup(`0::/machine.slice/libpod-${'c4'.repeat(32)}.scope/container`)).toEqual({ runtime: 'podman', id: 'c4'.repeat(32) });
    expect(containerFromCgroup(`12:cpu,cpuacct:/docker/${'ab'.repeat(32)}`)?.runtime).toBe('docker');
    expect(containerFromCgroup('0::/user.slice/session-3.scope')).toBeNull();
  });

  it('says "cannot read cgroup output" without any CPU files', () => {
    expect(() => parseCgroupDump('==> stat -fc %T /sys/fs/cgroup <==\ncgroup2fs\n')).toThrowError(/cannot read cgroup output \(no cgroup v2 CPU files\)/);
  });

  it('only ever fails with "cannot read" on outside text', () => {
    expectOnlyParseErrors(parseCgroupDump, 'cgroup', fc.oneof(fc.string(), mutatedLines(hostFixture('cgroup-v2-cpu.txt')), mutatedLines(hostFixture('cgroup-v1-cpu.txt'))));
    fc.assert(fc.property(fc.string(), (text) => {
      expect(() => containerFromCgroup(text)).not.toThrow();
    }));
  });
});
