import { describe, expect, it } from 'vitest';
import { Finding } from '../../../../src-shared/schemas/finding';
import type { ClientFigures } from '../../../../src-main/core/findings/client/client-figures';
import { clientFindings } from '../../../../src-main/core/findings/client/client-rules';
import { loopLagRule } from '../../../../src-main/core/findings/client/loop-lag';
import { mergingThreadRule } from '../../../../src-main/core/findings/client/merging-thread';
import { processCpuRule } from '../../../../src-main/core/findings/client/process-cpu';
import { threadBusyRule } from '../../../../src-main/core/findings/client/thread-busy';
import { rulesOfThumb } from '../../../../src-main/core/findings/rules-of-thumb';

const relaxed: ClientFigures = { workers: 2, busiestWorkerBusyFraction: 0.2, loopLagP99Ms: 2, loopLagMaxMs: 5, parentBusyFraction: 0.1, processCpuFraction: 0.3, cores: 2 };
const source = { kind: 'run' as const, id: 'r1' };

describe('client-health rules', () => {
  it('find nothing in a relaxed generator', () => {
    expect(clientFindings(relaxed, source)).toEqual([]);
  });

  it('return valid Finding data naming the run the figures came from', () => {
    const all = clientFindings({ ...relaxed, busiestWorkerBusyFraction: 1, loopLagP99Ms: 50, parentBusyFraction: 0.9, processCpuFraction: 1 }, source);
    expect(all.map((finding) => finding.ruleId)).toEqual(['client.thread-busy', 'client.loop-lag', 'client.merging-thread', 'client.process-cpu']);
    for (const finding of all) {
      expect(Finding.parse(finding)).toEqual(finding);
      expect(finding.evidence[0]?.source).toEqual(source);
    }
  });
});

describe('client.thread-busy', () => {
  it('fires at the busy line with the busiest thread as evidence', () => {
    const [finding] = threadBusyRule({ ...relaxed, busiestWorkerBusyFraction: rulesOfThumb.loadgenThreadBusyFraction }, source);
    expect(finding?.title).toBe('a load generator thread was busy 85% of the run (line: 85%): requests waited for it');
    expect(finding?.evidence).toEqual([{ figure: 'busiestWorkerBusyFraction', value: 0.85, threshold: 0.85, source }]);
    expect(threadBusyRule({ ...relaxed, busiestWorkerBusyFraction: 0.84 }, source)).toEqual([]);
  });
});

describe('client.loop-lag', () => {
  it('gives the p99 lag against its line and the worst lag beside it', () => {
    const [finding] = loopLagRule({ ...relaxed, loopLagP99Ms: 45, loopLagMaxMs: 120 }, source);
    expect(finding?.title).toBe("a load generator thread's event loop was 45.0 ms late at p99 (line: 20 ms): timings include that delay");
    expect(finding?.evidence).toEqual([
      { figure: 'loopLagP99Ms', value: 45, threshold: rulesOfThumb.loadgenLoopLagP99Ms, source },
      { figure: 'loopLagMaxMs', value: 120, source },
    ]);
  });
});

describe('client.merging-thread', () => {
  it('fires when the parent thread was busy past the line', () => {
    const [finding] = mergingThreadRule({ ...relaxed, parentBusyFraction: 0.93 }, source);
    expect(finding?.title).toBe('the merging thread was busy 93% of the run');
    expect(finding?.evidence[0]).toMatchObject({ figure: 'parentBusyFraction', value: 0.93, threshold: rulesOfThumb.loadgenMergingThreadBusyFraction });
  });
});

describe('client.process-cpu', () => {
  it('says how much of the usable cores the generator took', () => {
    const [finding] = processCpuRule({ ...relaxed, processCpuFraction: 0.95 }, source);
    expect(finding?.title).toBe('the generator used 95% of the 2 usable cores: it competed with the server for CPU');
    expect(finding?.evidence).toContainEqual({ figure: 'cores', value: 2, source });
    expect(processCpuRule({ ...relaxed, processCpuFraction: 0.89 }, source)).toEqual([]);
  });
});
