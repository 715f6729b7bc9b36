import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { maxInlineExportChars, type RunExport, type RunExportFile } from '../../../src-shared/contract/runs.contract';
import type { RunRecord } from '../../../src-shared/schemas/run-result';
import { exportRun } from './run-export';
import { requireRun } from './require-run';

export interface RunExportDeps {
  runsDir: string;
  /** `<dataDir>/exports`: one folder per exported run, owned by the app (never a user's folder). */
  exportsDir: string;
  runsRepo: { get(id: string): Promise<RunRecord | undefined> };
  /** Default maxInlineExportChars (runs.contract.ts); smaller in tests. */
  maxInlineChars?: number;
}

/**
 * `runs.export`: writes a saved run's export with the same code as the CLI's `--export`
 * (exportRun) into `exports/<runId>/`, emptied first so a re-export never mixes two exports,
 * and returns the files of the asked format. Each file's text rides along while the total stays
 * within `maxInlineExportChars` (so a download works in browser mode without a file route and
 * its token rules); a larger file is left on disk and named, without its text.
 * The run id is checked against the index before it reaches a path.
 */
export async function exportSavedRun(deps: RunExportDeps, input: { runId: string; format?: 'json' | 'csv' }): Promise<RunExport> {
  await requireRun(deps.runsRepo, input.runId);
  const dir = join(deps.exportsDir, input.runId);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const written = await exportRun({ runDir: join(deps.runsDir, input.runId), runId: input.runId, outDir: dir });
  const paths = [
    { path: written.jsonPath, format: 'json' as const },
    ...[written.requestsCsvPath, written.seriesCsvPath, written.serverCsvPath].map((path) => ({ path, format: 'csv' as const })),
  ].filter((entry) => input.format === undefined || entry.format === input.format);
  let budgetChars = deps.maxInlineChars ?? maxInlineExportChars;
  const files: RunExportFile[] = [];
  for (const entry of paths) {
    const { size } = await stat(entry.path);
    const file: RunExportFile = { name: basename(entry.path), format: entry.format, bytes: size };
    // Bytes bound characters from above, so a file within the budget by size is within it as text.
    if (size <= budgetChars) {
      file.text = await readFile(entry.path, 'utf8');
      budgetChars -= file.text.length;
    }
    files.push(file);
  }
  return { runId: input.runId, dir, files, notices: written.notices };
}
