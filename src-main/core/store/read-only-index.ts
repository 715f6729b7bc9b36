import type { AppError } from '../../../src-shared/errors';
import type { IndexFile } from './index-db';
import type { IndexData } from './index-schema';

/**
 * The index of a data folder this process cannot write (a read-only mount, a backup, another
 * user's folder): reads work as usual, so its runs can be browsed; an update that would change
 * something fails at once with `readOnly` (a read_only AppError naming the folder) instead of
 * waiting ~20 s for a lock that can never be taken. An update that changes nothing (opening the
 * store, relabelling orphans when there are none) succeeds.
 */
export function readOnlyIndex(index: IndexFile, readOnly: AppError): IndexFile {
  return {
    notices: index.notices,
    read: () => index.read(),
    async update<T>(change: (data: IndexData) => T): Promise<T> {
      const data = structuredClone(await index.read());
      const before = JSON.stringify(data);
      const result = change(data);
      if (JSON.stringify(data) !== before) throw readOnly;
      return result;
    },
  };
}
