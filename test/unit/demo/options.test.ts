import { describe, expect, it } from 'vitest';
import { resolveDemoSettings, validateDemoOptions } from '../../../src-main/demo/options';

const host = { physical: 2, logical: 4 };

describe('resolveDemoSettings', () => {
  it('resolves -np auto to 4 slots sharing a unified pool of the training context', () => {
    const settings = resolveDemoSettings({}, host);
    expect(settings).toMatchObject({ nSlots: 4, kvUnified: true, nCtxTotal: 16384, nCtxSlot: 16384 });
  });

  it('splits -c across explicit slots and turns unified KV off, as llama-server does', () => {
    expect(resolveDemoSettings({ parallel: 4, ctxSize: 8192 }, host)).toMatchObject({ kvUnified: false, nCtxSlot: 2048, nCtxTotal: 8192 });
    expect(resolveDemoSettings({ parallel: 4, ctxSize: 1024 }, host)).toMatchObject({ nCtxSlot: 256 });
  });

  it('pads the per-slot context to 256 and grows the total to match', () => {
    expect(resolveDemoSettings({ parallel: 3, ctxSize: 4096 }, host)).toMatchObject({ nCtxSlot: 1536, nCtxTotal: 4608 });
    expect(resolveDemoSettings({ parallel: 1, ctxSize: 1000 }, host)).toMatchObject({ nCtxSlot: 1024 });
  });

  it('caps a slot at --kv-unified-per-slot and at the training context', () => {
    expect(resolveDemoSettings({ kvUnifiedPerSlot: 1024 }, host)).toMatchObject({ nCtxTotal: 4096, nCtxSlot: 1024, kvUnified: true });
    expect(resolveDemoSettings({ parallel: 1, ctxSize: 65536 }, host).nCtxSlot).toBe(16384);
  });

  it('defaults threads to the physical cores and -t ≤ 0 to every logical CPU, saying why', () => {
    const byDefault = resolveDemoSettings({}, host);
    expect(byDefault).toMatchObject({ threads: 2, threadsBatch: 2, simCores: 2 });
    expect(byDefault.threadsReason).toMatch(/physical cores/);
    expect(resolveDemoSettings({ threads: -1 }, host)).toMatchObject({ threads: 4 });
    expect(resolveDemoSettings({ threads: 6, simCores: 8 }, host)).toMatchObject({ threads: 6, threadsBatch: 6, simCores: 8 });
    expect(resolveDemoSettings({ threads: 6 }, host).threadsReason).toMatch(/oversubscribed/);
  });
});

describe('validateDemoOptions', () => {
  it('refuses -ub larger than -b instead of clamping it silently', () => {
    expect(validateDemoOptions({ batchSize: 256, ubatchSize: 512 })).toEqual([expect.stringMatching(/-ub 512 is larger than -b 256/)]);
    expect(validateDemoOptions({ batchSize: 512, ubatchSize: 512 })).toEqual([]);
  });

  it('lists every problem at once, including a non-loopback host', () => {
    const problems = validateDemoOptions({ parallel: 0, speed: 0, host: '0.0.0.0', port: 70000 });
    expect(problems).toHaveLength(4);
  });
});
