import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatSummaryTable } from '../../../../src-shared/metrics/summary-table';
import { ConfigChange } from '../../../../src-shared/schemas/finding';
import { RunSummary } from '../../../../src-shared/schemas/run-result';
import { assessClientHealth } from '../../../../src-main/core/loadgen/client-health';

const recorded = JSON.parse(readFileSync(new URL('../../../fixtures/runs/threads-oversubscribed-t2-run.json', import.meta.url), 'utf8')) as unknown;

describe('ConfigChange', () => {
  it('accepts a change to a catalog flag with a value of its type', () => {
    expect(ConfigChange.parse({ flag: 'threads', from: 8, to: 4, reason: 'the container allows 4 CPUs' })).toMatchObject({ flag: 'threads', to: 4 });
    expect(ConfigChange.parse({ flag: 'flashAttn', to: 'on', reason: 'faster prefill' }).to).toBe('on');
  });

  it('refuses a flag the catalog does not know', () => {
    expect(ConfigChange.safeParse({ flag: 'turbo', to: 1, reason: 'x' }).error?.issues[0]?.message).toMatch(/not a flag of the llama-server catalog/);
  });

  it('refuses values of the wrong type for the flag, on either side', () => {
    const issues = ConfigChange.safeParse({ flag: 'threads', from: 'eight', to: 2.5, reason: 'x' }).error?.issues ?? [];
    expect(issues.map((issue) => issue.path.join('.'))).toEqual(['from', 'to']);
    expect(ConfigChange.safeParse({ flag: 'flashAttn', to: 'sometimes', reason: 'x' }).success).toBe(false);
  });
});

describe('run summaries recorded before findings', () => {
  it('still parse, and show the load generator line as they did', () => {
    const summary = RunSummary.parse(recorded);
    expect(summary.clientHealth?.findings).toBeUndefined();
    expect(formatSummaryTable(summary)).toContain('Load gen    busiest thread 16% busy, loop lag p99 15.2 ms, process CPU 10% of 2 cores');
  });

  it('show their old reasons when the client was limited, word for word as a new summary shows its findings', () => {
    const fresh = assessClientHealth({ workers: [{ busyFraction: 0.97, loopLagP50Ms: 1, loopLagP99Ms: 45, loopLagMaxMs: 60 }], parentBusyFraction: 0.1, processCpuFraction: 0.3, cores: 2 });
    const { findings: _findings, ...old } = fresh;
    const base = RunSummary.parse(recorded);
    const lines = (health: typeof fresh): string[] => formatSummaryTable(RunSummary.parse({ ...base, clientHealth: health })).filter((line) => line.startsWith('  - '));
    expect(lines(old)).toEqual(['  - a load generator thread was busy 97% of the run (line: 85%): requests waited for it', "  - a load generator thread's event loop was 45.0 ms late at p99 (line: 20 ms): timings include that delay"]);
    expect(lines(fresh)).toEqual(lines(old));
    expect(fresh.findings?.map((finding) => finding.ruleId)).toEqual(['client.thread-busy', 'client.loop-lag']);
  });
});
