import type { RunRow } from '../../../src-shared/schemas/run-row';
import type { Workspace } from '../../../src-shared/schemas/workspace';

export interface RunGroup {
  /** The workspace id, `cli` for runs with none, `removed:<id>` for a workspace deleted since. */
  key: string;
  title: string;
  runs: RunRow[];
}

/**
 * History's sections: one per workspace, and "Command line" for runs with no workspace (what
 * `llmwb run --url` makes). Runs keep their order (newest first, as runs.list gives them);
 * groups are ordered by their newest run, so the latest work is on top. Pure.
 */
export function groupRunsByWorkspace(runs: readonly RunRow[], workspaces: readonly Pick<Workspace, 'id' | 'name'>[]): RunGroup[] {
  const names = new Map(workspaces.map((workspace) => [workspace.id, workspace.name]));
  const groups = new Map<string, RunGroup>();
  for (const run of runs) {
    const key = run.workspaceId === undefined ? 'cli' : names.has(run.workspaceId) ? run.workspaceId : `removed:${run.workspaceId}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, title: titleOf(run.workspaceId, names), runs: [] };
      groups.set(key, group);
    }
    group.runs.push(run);
  }
  return [...groups.values()].sort((a, b) => newest(b) - newest(a));
}

function titleOf(workspaceId: string | undefined, names: ReadonlyMap<string, string>): string {
  if (workspaceId === undefined) return 'Command line';
  return names.get(workspaceId) ?? 'A removed workspace';
}

function newest(group: RunGroup): number {
  return Math.max(...group.runs.map((run) => run.startedAt));
}
