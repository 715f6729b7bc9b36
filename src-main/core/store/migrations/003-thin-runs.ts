import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RunRecord } from '../../../../src-shared/schemas/run-result';
import { toRunRow } from '../../../../src-shared/schemas/run-row';
import { writeJsonAtomically } from '../json-file';
import { ProcessOwner } from '../process-owner';
import { runFiles } from '../run-folder';
import { recordFileOf, writeRunRecordFile } from '../run-record-file';
import type { Migration } from './index';

/** A version 2 row: a whole record, and the owner of a live run. */
const OldRow = RunRecord.extend({ owner: ProcessOwner.optional() });

function oldRows(raw: Record<string, unknown>): unknown[] {
  return Array.isArray(raw.runs) ? raw.runs : [];
}

const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false);

/** Writes what the thin row will no longer hold into the run's folder (recreated when gone). Idempotent. */
async function keepInFolder(record: RunRecord, runsDir: string): Promise<void> {
  const dir = join(runsDir, record.id);
  await mkdir(dir, { recursive: true });
  const has = { plan: await exists(join(dir, runFiles.plan)), summary: await exists(join(dir, runFiles.summary)) };
  if (!has.plan) await writeJsonAtomically(join(dir, runFiles.plan), record.plan);
  await writeRunRecordFile(dir, recordFileOf(record, { plan: true, summary: has.summary }));
}

/**
 * Version 3 (issue #11) keeps runs in the index as thin rows (RunRow: ids, status, load and
 * headline figures) instead of whole records, whose plan, summary and server configuration made
 * the index grow by kilobytes per run and every update rewrite it all. Before the index is
 * written, `persist` puts in each run's folder what its row will no longer hold: plan.json
 * when it is missing, and record.json with the server configuration, the error, and the
 * summary when summary.json is missing (summary.json itself is only ever written by the run).
 * A run whose folder is gone gets the folder back with those files, so its full record stays
 * readable. A row that is not a valid record is left as it is, for the index check to report.
 */
export const migrate002to003: Migration = {
  from: 2,
  to: 3,
  migrate(raw) {
    return {
      ...raw,
      version: 3,
      runs: oldRows(raw).map((row) => {
        const parsed = OldRow.safeParse(row);
        if (!parsed.success) return row;
        const { owner, ...record } = parsed.data;
        return { ...toRunRow(record), ...(owner === undefined ? {} : { owner }) };
      }),
    };
  },
  async persist(raw, dataDir) {
    for (const row of oldRows(raw)) {
      const parsed = OldRow.safeParse(row);
      if (parsed.success) await keepInFolder(parsed.data, join(dataDir, 'runs'));
    }
  },
};
