import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDiskstats, parseNetDev, ratePerS, wholeDisks } from '../../../../src-main/core/telemetry/parse-proc-io';
import { sectionText, splitTailSections } from '../../../../src-main/core/telemetry/tail-sections';
import { hostFixture } from './fixtures';
import { expectOnlyParseErrors, mutatedLines } from './parser-properties';

const record = splitTailSections(hostFixture('sampler-stream.txt').split('@@end')[0]!);

describe('/proc/net/dev and /proc/diskstats', () => {
  it('reads every interface of the live capture, loopback included', () => {
    const counters = parseNetDev(sectionText(record, '/proc/net/dev')!);
    expect(counters.map((counter) => counter.iface)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    expect(counters.find((counter) => counter.iface === 'eth0')!.rxBytes).toBeGreaterThan(0);
  });

  it('keeps whole disks only, so partitions are not counted twice', () => {
    const disks = [
      { name: 'sda', sectorsRead: 10, sectorsWritten: 10 },
      { name: 'sda1', sectorsRead: 5, sectorsWritten: 5 },
      { name: 'nvme0n1', sectorsRead: 10, sectorsWritten: 10 },
      { name: 'nvme0n1p2', sectorsRead: 3, sectorsWritten: 3 },
      { name: 'loop0', sectorsRead: 1, sectorsWritten: 0 },
      { name: 'dm-0', sectorsRead: 2, sectorsWritten: 2 },
    ];
    expect(wholeDisks(disks).map((disk) => disk.name)).toEqual(['sda', 'nvme0n1', 'dm-0']);
  });

  it('finds the same parent disk as the shortest-prefix pattern it replaced', () => {
    const disk = (name: string) => ({ name, sectorsRead: 0, sectorsWritten: 0 });
    const name = fc.string({ unit: fc.constantFrom('p', '1', '0', 'a', 'n'), maxLength: 7 });
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: 6 }), (names) => {
        const kept = names.filter((candidate) => {
          if (/^(loop|ram|zram)\d/.test(candidate)) return false;
          const parent = /^(.+?)p?\d+$/.exec(candidate);
          return parent?.[1] === undefined || !names.includes(parent[1]);
        });
        expect(wholeDisks(names.map(disk)).map((entry) => entry.name)).toEqual(kept);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the live /proc/diskstats', () => {
    expect(parseDiskstats(sectionText(record, '/proc/diskstats')!).length).toBeGreaterThan(0);
  });

  it('gives no rate for a counter that went down', () => {
    expect(ratePerS(100, 50, 1000)).toBeNull();
    expect(ratePerS(100, 600, 500)).toBe(1000);
  });

  it('only ever fails with "cannot read" on outside text', () => {
    expectOnlyParseErrors(parseNetDev, '/proc/net/dev', fc.oneof(fc.string(), mutatedLines(sectionText(record, '/proc/net/dev')!)));
    fc.assert(fc.property(fc.string(), (text) => Array.isArray(parseDiskstats(text))));
  });
});
