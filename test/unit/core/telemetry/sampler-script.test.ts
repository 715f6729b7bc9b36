import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { samplerArgv, samplerScript } from '../../../../src-main/core/telemetry/sampler-script';

describe('samplerArgv', () => {
  it('passes the interval and pid as positional parameters after a constant script', () => {
    expect(samplerArgv({ intervalMs: 250, serverPid: 4187 })).toEqual(['sh', '-c', samplerScript, 'llmwb-sampler', '0.25', '4187', '250']);
    expect(samplerArgv({ intervalMs: 1000 }).slice(4)).toEqual(['1', '', '1000']);
  });

  it('refuses intervals outside 0.25–5 s and pids that are not positive integers', () => {
    expect(() => samplerArgv({ intervalMs: 100 })).toThrowError(/between 250 and 5000 ms/);
    expect(() => samplerArgv({ intervalMs: 6000 })).toThrowError(/between 250 and 5000 ms/);
    expect(() => samplerArgv({ intervalMs: 1000, serverPid: -3 })).toThrowError(/positive integer/);
    expect(() => samplerArgv({ intervalMs: 1000, serverPid: 1.5 })).toThrowError(/positive integer/);
  });

  it('formats every allowed interval as plain decimal seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 250, max: 5000 }), (intervalMs) => {
        const seconds = samplerArgv({ intervalMs })[4]!;
        expect(seconds).toMatch(/^\d+(\.\d{1,3})?$/);
        expect(Math.round(Number(seconds) * 1000)).toBe(intervalMs);
      }),
    );
  });

  it('starts at most one nvidia-smi and one tail and sleep per interval (no exec per sample)', () => {
    expect(samplerScript.match(/-lms "\$ms"/g)).toHaveLength(2);
    expect(samplerScript).toMatch(/while :; do\n\s+echo @@begin\n\s+tail -n \+1 "\$@" 2>\/dev\/null\n\s+echo @@end\n\s+sleep "\$interval"\n\s*done/);
  });
});
