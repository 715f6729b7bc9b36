import { describe, expect, it } from 'vitest';
import type { RunRow } from '../../../../../src-shared/schemas/run-row';
import { groupRunsByWorkspace } from '../../../../../src-renderer/pages/history/run-groups';

const row = (id: string, startedAt: number, workspaceId?: string): RunRow => ({
  id, url: 'http://127.0.0.1:8080', startedAt, status: 'completed', load: { kind: 'closed', virtualUsers: 1 }, durationS: 10,
  ...(workspaceId === undefined ? {} : { workspaceId }),
});

describe('History groups', () => {
  const workspaces = [{ id: 'w1', name: 'GPU box' }, { id: 'w2', name: 'Laptop' }];

  it('puts runs with no workspace under Command line, and the rest under their workspace by name', () => {
    const groups = groupRunsByWorkspace([row('c', 3), row('b', 2, 'w1'), row('a', 1, 'w2')], workspaces);
    expect(groups.map((group) => [group.key, group.title, group.runs.map((run) => run.id)])).toEqual([
      ['cli', 'Command line', ['c']],
      ['w1', 'GPU box', ['b']],
      ['w2', 'Laptop', ['a']],
    ]);
  });

  it('orders groups by their newest run and keeps each group newest first', () => {
    const groups = groupRunsByWorkspace([row('w1-new', 9, 'w1'), row('cli-new', 8), row('w1-old', 2, 'w1'), row('cli-old', 1)], workspaces);
    expect(groups.map((group) => group.runs.map((run) => run.id))).toEqual([['w1-new', 'w1-old'], ['cli-new', 'cli-old']]);
  });

  it('keeps the runs of a workspace deleted since in a group of their own', () => {
    const groups = groupRunsByWorkspace([row('x', 1, 'gone')], workspaces);
    expect(groups).toEqual([{ key: 'removed:gone', title: 'A removed workspace', runs: [row('x', 1, 'gone')] }]);
  });
});
