import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../../src-renderer/lib/format';

describe('formatBytes', () => {
  it('shows sizes under a KiB in bytes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
  });

  it('shows larger sizes in the largest binary unit below them, with one decimal', () => {
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(4 * 1024 * 1024)).toBe('4.0 MiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
  });

  it('stays in GiB past a TiB rather than running out of units', () => {
    expect(formatBytes(2048 * 1024 ** 3)).toBe('2048.0 GiB');
  });
});
