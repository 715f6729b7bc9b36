import type { OperationInput } from '../../../src-shared/contract';
import { useAppInfo, usePickFile } from '../../queries/app';
import { ErrorMessage } from './error-message';

interface PickFileButtonProps {
  purpose: OperationInput<'files.pick'>['purpose'];
  onPick: (path: string) => void;
  testId: string;
}

/**
 * "Browse…" beside a path field, in the desktop app only: main's own dialog returns the path,
 * and the core then reads that file without asking. In browser mode there is no such dialog
 * (a web page never learns a file's path), so the path is typed and nothing is shown here.
 */
export function PickFileButton({ purpose, onPick, testId }: PickFileButtonProps) {
  const info = useAppInfo();
  const pick = usePickFile();
  if (info.data?.shell !== 'electron') return null;
  return (
    <>
      <button type="button" className="button" onClick={() => pick.mutate({ purpose }, { onSuccess: ({ path }) => path !== null && onPick(path) })} disabled={pick.isPending} data-testid={testId}>
        Browse…
      </button>
      <ErrorMessage error={pick.error} testId={`${testId}-error`} />
    </>
  );
}
