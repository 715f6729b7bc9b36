import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatDurationCompact,
  formatDurationS,
  formatMs,
  formatNumber,
  formatPercent,
  formatPlain,
  formatPlainRate,
  formatRate,
} from '../../../../src-shared/format/numbers';

describe('the shared number formatter', () => {
  it('matches precision to magnitude and groups thousands', () => {
    expect([formatNumber(0.4213), formatNumber(12.34), formatNumber(1234.4), formatNumber(0)]).toEqual(['0.42', '12.3', '1,234', '0']);
  });

  it('shows an em dash for a missing or non-finite value instead of 0', () => {
    expect([formatNumber(null), formatMs(undefined), formatRate(Number.NaN, 'req/s'), formatBytes(Infinity), formatPercent(null)]).toEqual(['—', '—', '—', '—', '—']);
  });

  it('always shows the unit of a latency or a rate', () => {
    expect([formatMs(12.34), formatRate(5, 'tok/s'), formatCount(12345)]).toEqual(['12.3 ms', '5.00 tok/s', '12,345']);
  });

  it('writes durations as seconds, minutes or hours', () => {
    expect([formatDurationS(2.5), formatDurationS(45), formatDurationS(125), formatDurationS(120), formatDurationS(3720)]).toEqual(['2.5 s', '45 s', '2 min 5 s', '2 min', '1 h 02 min']);
  });

  it('writes a duration as compactly as a command line takes it back', () => {
    expect([formatDurationCompact(0.5), formatDurationCompact(30), formatDurationCompact(150), formatDurationCompact(5400), formatDurationCompact(9000)]).toEqual(['500ms', '30s', '2.5m', '90m', '2.5h']);
  });

  it('sizes bytes in binary units', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(23.4 * 1024 ** 3), formatBytes(2 * 1024 ** 5)]).toEqual(['512 B', '1.50 KiB', '23.4 GiB', '2,048 TiB']);
  });

  it('keeps plain-text table figures free of grouping commas', () => {
    expect([formatPlain(1234.5), formatPlain(20.04), formatPlain(1.234), formatPlainRate(5.24), formatPlainRate(1234.4)]).toEqual(['1235', '20.0', '1.23', '5.2', '1234']);
  });
});
