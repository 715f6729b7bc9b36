import { describe, expect, it } from 'vitest';
import { draftFromConfig, draftToConfig } from '../../../../../src-renderer/pages/config/config-draft';
import { describeLinkedChanges, linkChanges, readLinkedChanges, withLinkedChanges } from '../../../../../src-renderer/pages/config/linked-changes';

describe('flag changes handed to the Config page through the address', () => {
  it('survive the trip through the address and fill the editor’s draft as typed values', () => {
    const set = linkChanges([
      { flag: 'parallel', to: 10 },
      { flag: 'kvUnified', to: true },
      { flag: 'tensorSplit', to: ['3', '1'] },
    ]);
    // What lib/router.ts does with it (that module reads `window`, so the node type-check keeps it out of unit tests).
    const carried = new URLSearchParams(new URLSearchParams({ endpoint: 'e1', set }).toString()).get('set') ?? undefined;
    const draft = withLinkedChanges(draftFromConfig({ flags: { parallel: 1, threads: 1 } }), readLinkedChanges(carried));
    expect(draftToConfig(draft).flags).toEqual({ parallel: 10, threads: 1, kvUnified: true, tensorSplit: ['3', '1'] });
  });

  it('are refused whole when the address holds something else: not JSON, an unknown flag, or nothing', () => {
    expect(readLinkedChanges('parallel=10')).toBeNull();
    expect(readLinkedChanges(JSON.stringify({ noSuchFlag: 1 }))).toBeNull();
    expect(readLinkedChanges('{}')).toBeNull();
    expect(readLinkedChanges(undefined)).toBeNull();
  });

  it('read back as a command line in the notice', () => {
    expect(describeLinkedChanges({ parallel: 10, kvUnified: true, contBatching: false })).toBe('-np 10 -kvu -nocb');
  });
});
