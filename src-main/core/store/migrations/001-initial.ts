import type { Migration } from './index';

/**
 * Version 0 is an index without a version field (the shape before versions existed, or an
 * empty object a user created by hand). Version 1 adds the field and the two collections.
 */
export const migrate000to001: Migration = {
  from: 0,
  to: 1,
  migrate(raw) {
    return {
      ...raw,
      version: 1,
      workspaces: Array.isArray(raw.workspaces) ? raw.workspaces : [],
      runs: Array.isArray(raw.runs) ? raw.runs : [],
    };
  },
};
