import { describe, expect, it } from 'vitest';
import { draftFromConfig, draftToConfig } from '../../../../../src-renderer/pages/config/config-draft';
import { describeLinkedChanges, linkChanges, readLinkedChanges, withLinkedChanges } from '../../../../../src-renderer/pages/config/linked-changes';
import { parseRoute, routeHref } from '../../../../../src-renderer/lib/router';

describe('flag changes handed to the Config page through the address', () => {
  it('survive the trip through the address and fill the editor’s draft as typed values', () => {
    const set = linkChanges([
      { flag: 'parallel', to: 10 },
      { flag: 'kvUnified', to: true },
      { flag: 'tensorSplit', to: ['3', '1'] },
    ]);
    const route = parseRoute(routeHref({ page: 'config', endpointId: 'e 1', set }));
    expect(route).toEqual({ page: 'config', endpointId: 'e 1', set });
    const draft = withLinkedChanges(draftFromConfig({ flags: { parallel: 1, threads: 1 } }), readLinkedChanges(route.page === 'config' ? route.set : undefined));
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

describe('the Diagnose page’s address', () => {
  it('keeps the endpoint and the open diagnosis across a reload', () => {
    expect(parseRoute(routeHref({ page: 'diagnose', endpointId: 'e1', diagnosisId: 'd1' }))).toEqual({ page: 'diagnose', endpointId: 'e1', diagnosisId: 'd1' });
    expect(routeHref({ page: 'diagnose' })).toBe('#/diagnose');
    expect(routeHref({ page: 'config', endpointId: 'e1' })).toBe('#/config?endpoint=e1');
  });
});
