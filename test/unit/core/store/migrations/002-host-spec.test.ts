import { describe, expect, it } from 'vitest';
import { migrate001to002 } from '../../../../../src-main/core/store/migrations/002-host-spec';
import { migrateIndex } from '../../../../../src-main/core/store/migrations/index';
import { currentIndexVersion, IndexData } from '../../../../../src-main/core/store/index-schema';

const v1 = {
  version: 1,
  workspaces: [
    { id: 'w1', name: 'Laptop', host: { label: 'localhost' }, endpoints: [], createdAt: 1 },
    { id: 'w2', name: 'Loopback', host: { label: ' 127.0.0.1 ' }, endpoints: [], createdAt: 2 },
    { id: 'w3', name: 'GPU box', host: { label: 'gpu-box.lan' }, endpoints: [], createdAt: 3 },
  ],
  runs: [],
};

describe('index migration 002 (hosts get how to reach them)', () => {
  it('makes hosts named as this machine "this machine" and leaves other hosts as labels', () => {
    const migrated = migrate001to002.migrate(structuredClone(v1));
    expect(migrated.version).toBe(2);
    const hosts = (migrated.workspaces as Array<{ host: unknown }>).map((workspace) => workspace.host);
    expect(hosts).toEqual([{ label: 'localhost', spec: { kind: 'local' } }, { label: ' 127.0.0.1 ', spec: { kind: 'local' } }, { label: 'gpu-box.lan' }]);
  });

  it('does not change its input', () => {
    const input = structuredClone(v1);
    migrate001to002.migrate(input);
    expect(input).toEqual(v1);
  });

  it('keeps a host that already has a spec as it is', () => {
    const spec = { kind: 'ssh', address: 'a', port: 22, user: 'u', auth: { kind: 'agent' } };
    const migrated = migrate001to002.migrate({ version: 1, workspaces: [{ id: 'w', name: 'n', host: { label: 'localhost', spec }, endpoints: [], createdAt: 1 }], runs: [] });
    expect((migrated.workspaces as Array<{ host: unknown }>)[0]!.host).toEqual({ label: 'localhost', spec });
  });

  it('takes a version 0 index all the way to a valid current one', () => {
    const migrated = migrateIndex({ workspaces: [{ id: 'w', name: 'n', host: { label: 'this machine' }, endpoints: [], createdAt: 1 }] }, currentIndexVersion);
    const parsed = IndexData.parse(migrated);
    expect(parsed.version).toBe(currentIndexVersion);
    expect(parsed.workspaces[0]!.host.spec).toEqual({ kind: 'local' });
  });
});
