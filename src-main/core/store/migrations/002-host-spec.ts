import type { Migration } from './index';

const thisMachineLabels = new Set(['localhost', '127.0.0.1', '::1', 'this machine', 'local']);

function migrateHost(host: unknown): unknown {
  if (typeof host !== 'object' || host === null || Array.isArray(host)) return host;
  const ref = host as Record<string, unknown>;
  if (ref.spec !== undefined || typeof ref.label !== 'string') return ref;
  // A host labelled as this machine can be measured at once through LocalHost; any other label
  // stays a name until the user gives its SSH details, because guessing a user or key is unsafe.
  return thisMachineLabels.has(ref.label.trim().toLowerCase()) ? { ...ref, spec: { kind: 'local' } } : ref;
}

/**
 * Version 2 (issue #4) lets a workspace's host carry how to reach it (`host.spec`: SSH or this
 * machine). Hosts labelled localhost / 127.0.0.1 / ::1 / "this machine" become "this machine";
 * the rest keep only their label. Pure: the input object is not changed.
 */
export const migrate001to002: Migration = {
  from: 1,
  to: 2,
  migrate(raw) {
    const workspaces = Array.isArray(raw.workspaces) ? raw.workspaces : [];
    return {
      ...raw,
      version: 2,
      workspaces: workspaces.map((workspace: unknown) => {
        if (typeof workspace !== 'object' || workspace === null) return workspace;
        const record = workspace as Record<string, unknown>;
        return { ...record, host: migrateHost(record.host) };
      }),
    };
  },
};
