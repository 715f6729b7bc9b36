import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProbe } from '../../../../src-main/core/inventory/parse-probe';
import { hostFixture } from '../telemetry/fixtures';
import { expectOnlyParseErrors, mutatedLines } from '../telemetry/parser-properties';

describe('parseProbe', () => {
  it('reads the live probe of the 2-vCPU build machine', () => {
    const probe = parseProbe(hostFixture('probe-debian12-2vcpu.txt'));
    expect(probe.os).toMatchObject({ name: 'Debian GNU/Linux 12 (bookworm)', arch: 'x86_64' });
    expect(probe.cpu).toMatchObject({ model: 'AMD EPYC', sockets: 1, physicalCores: 2, threads: 2, threadsPerCore: 1, allowedCpus: 2, onlineCpus: '0-1' });
    expect(probe.cpu.numaNodes).toEqual([{ id: 0, cpus: '0-1' }]);
    expect(probe.memory.totalBytes).toBeGreaterThan(1024 ** 3);
    expect([...probe.tools.keys()]).toEqual(['docker']);
    expect(probe.llamaServerPids).toEqual([]);
  });

  it('reads the live probe of the lent H100 machine: 16 threads, nvidia-smi found outside /usr/bin', () => {
    const probe = parseProbe(hostFixture('probe-ubuntu24-h100.txt'));
    expect(probe.os.name).toBe('Ubuntu 24.04.3 LTS');
    expect(probe.cpu).toMatchObject({ threads: 16, physicalCores: 16, allowedCpus: 16 });
    expect(probe.tools.get('nvidia-smi')).toBe('/usr/local/nvidia/bin/nvidia-smi');
  });

  it('counts physical cores as distinct (package, core) pairs when SMT doubles the threads', () => {
    const topology = [0, 1, 2, 3]
      .flatMap((cpu) => [
        `==> /sys/devices/system/cpu/cpu${cpu}/topology/physical_package_id <==\n0\n`,
        `==> /sys/devices/system/cpu/cpu${cpu}/topology/core_id <==\n${cpu % 2}\n`,
      ])
      .join('\n');
    const text = `==> uname <==\nLinux\n6.1\nx86_64\nbox\n==> nproc <==\n4\n==> /proc/meminfo <==\nMemTotal: 1000 kB\n\n==> /sys/devices/system/cpu/online <==\n0-3\n\n${topology}`;
    expect(parseProbe(text).cpu).toMatchObject({ physicalCores: 2, threads: 4, threadsPerCore: 2 });
  });

  it('says "cannot read inventory probe output" for text from something else', () => {
    expect(() => parseProbe('zsh: command not found: sh')).toThrowError(/cannot read inventory probe output.*first line: "zsh: command not found: sh"/);
  });

  it('only ever fails with "cannot read" on outside text', () => {
    expectOnlyParseErrors(parseProbe, 'inventory probe', fc.oneof(fc.string(), fc.constant('==> /proc/meminfo <==\n==> uname <=='), mutatedLines(hostFixture('probe-debian12-2vcpu.txt')), mutatedLines(hostFixture('probe-ubuntu24-h100.txt'))));
  });
});
