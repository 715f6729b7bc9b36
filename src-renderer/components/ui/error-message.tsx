import { asAppError } from '../../api/client';
import { isConnectionRefusal } from '../../api/ws-transport';

/** An AppError as the user should read it: what went wrong, then what to do about it. */
export function ErrorMessage({ error, testId = 'error' }: { error: unknown; testId?: string }) {
  // A refused connection fails every call; the banner at the top says so once, with the fix.
  if (error === null || error === undefined || isConnectionRefusal(error)) return null;
  const appError = asAppError(error);
  return (
    <div className="error-box" role="alert" data-testid={testId} data-code={appError.code}>
      <p className="error-message">{appError.message}</p>
      {appError.hint && <p className="error-hint">{appError.hint}</p>}
    </div>
  );
}
