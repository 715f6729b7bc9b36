import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLoadavg, parseMeminfo, parsePidStat, parseUptimeMs } from '../../../../src-main/core/telemetry/parse-proc-files';
import { splitTailSections, sectionText } from '../../../../src-main/core/telemetry/tail-sections';
import { hostFixture } from './fixtures';
import { expectOnlyParseErrors, mutatedLines } from './parser-properties';

const record = splitTailSections(hostFixture('sampler-stream.txt').split('@@end')[0]!);
const file = (name: string): string => sectionText(record, name)!;

describe('/proc file parsers', () => {
  it('reads /proc/meminfo in bytes', () => {
    const meminfo = parseMeminfo(file('/proc/meminfo'));
    expect(meminfo.totalBytes).toBe(24684092 * 1024);
    expect(meminfo.availableBytes).toBeLessThanOrEqual(meminfo.totalBytes);
    expect(meminfo.swapTotalBytes).toBe(0);
  });

  it('estimates available memory on kernels without MemAvailable', () => {
    const meminfo = parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n');
    expect(meminfo.availableBytes).toBe(400 * 1024);
  });

  it('reads /proc/loadavg and /proc/uptime', () => {
    expect(parseLoadavg('2.48 1.02 0.44 1/233 13534\n')).toEqual({ avg1: 2.48, avg5: 1.02, avg15: 0.44, runnable: 1, tasks: 233 });
    expect(parseUptimeMs(file('/proc/uptime'))).toBe(1089280);
  });

  it('reads /proc/<pid>/stat even when the command name holds spaces and parentheses', () => {
    const stat = parsePidStat('42 (llama (server) x) S 1 42 42 0 -1 4194560 100 0 0 0 1500 300 7 3 20 0 17 0 100 1000000 2048 18446744073709551615');
    expect(stat).toMatchObject({ pid: 42, comm: 'llama (server) x', state: 'S', utimeTicks: 1500, stimeTicks: 300, childUtimeTicks: 7, childStimeTicks: 3, threads: 17, rssPages: 2048 });
  });

  it('reads the live sampler and server /proc/<pid>/stat of the capture', () => {
    expect(parsePidStat(file('/proc/20776/stat')).comm).toBe('sh');
    expect(parsePidStat(file('/proc/20759/stat')).threads).toBeGreaterThan(1);
  });

  it('says which file it cannot read, with the first line', () => {
    expect(() => parseMeminfo('hello\n')).toThrowError('cannot read /proc/meminfo output (no MemTotal line); first line: "hello"');
    expect(() => parseLoadavg('x')).toThrowError(/cannot read \/proc\/loadavg output/);
    expect(() => parseUptimeMs('')).toThrowError(/cannot read \/proc\/uptime output/);
    expect(() => parsePidStat('no parens here')).toThrowError(/cannot read \/proc\/<pid>\/stat output/);
  });

  it('only ever fails with "cannot read" on outside text', () => {
    expectOnlyParseErrors(parseMeminfo, '/proc/meminfo', fc.oneof(fc.string(), mutatedLines(file('/proc/meminfo'))));
    expectOnlyParseErrors(parseLoadavg, '/proc/loadavg');
    expectOnlyParseErrors(parseUptimeMs, '/proc/uptime');
    expectOnlyParseErrors(parsePidStat, '/proc/<pid>/stat', fc.oneof(fc.string(), mutatedLines(file('/proc/20759/stat'))));
  });
});
