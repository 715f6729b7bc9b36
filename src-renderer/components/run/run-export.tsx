import { useEffect, useMemo } from 'react';
import type { RunExportFile } from '../../../src-shared/contract/runs.contract';
import { formatBytes } from '../../../src-shared/format/numbers';
import { useExportRun } from '../../queries/runs';
import { ErrorMessage } from '../ui/error-message';

const mimeOf: Record<RunExportFile['format'], string> = { json: 'application/json', csv: 'text/csv' };

/**
 * Export a saved run as the CLI's --export does. The core writes the files into the data
 * folder and sends their text back, so each becomes a download link here from memory (a blob
 * URL), in Electron and in browser mode alike; a file too large to send is named with its folder.
 */
export function RunExport({ runId }: { runId: string }) {
  const exportRun = useExportRun();
  const files = exportRun.data?.files;
  const links = useMemo(
    () => (files ?? []).map((file) => ({ file, url: file.text === undefined ? null : URL.createObjectURL(new Blob([file.text], { type: mimeOf[file.format] })) })),
    [files],
  );
  // Blob URLs hold their text until revoked; a new export or leaving the run lets it go.
  useEffect(() => () => links.forEach((link) => link.url !== null && URL.revokeObjectURL(link.url)), [links]);
  return (
    <div className="run-export" data-testid="run-export">
      <button type="button" className="button button-small" onClick={() => exportRun.mutate({ runId })} disabled={exportRun.isPending} data-testid="run-export-button">
        {exportRun.isPending ? 'Exporting…' : 'Export'}
      </button>
      <ErrorMessage error={exportRun.error} testId="run-export-error" />
      {exportRun.data && (
        <ul className="run-export-files">
          {links.map(({ file, url }) => (
            <li key={file.name}>
              {url === null ? (
                <span title={`Too large to send to this window; saved in ${exportRun.data.dir}`}>
                  {file.name} ({formatBytes(file.bytes)}, saved in <code>{exportRun.data.dir}</code>)
                </span>
              ) : (
                <a href={url} download={file.name} data-testid="run-export-link">
                  {file.name}
                </a>
              )}
            </li>
          ))}
          {exportRun.data.notices.map((notice) => (
            <li key={notice} className="muted">
              {notice}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
