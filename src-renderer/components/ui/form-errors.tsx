import { fieldErrors, unclaimedErrors } from '../../lib/field-errors';
import { ErrorMessage } from './error-message';

/**
 * The part of a failed submit that no field shows inline: a non-validation error in full, or
 * validation messages whose path has no field on this form (so nothing is ever swallowed).
 */
export function FormErrors({ error, claimed, testId = 'form-error' }: { error: unknown; claimed: readonly string[]; testId?: string }) {
  if (!error) return null;
  const errors = fieldErrors(error);
  if (errors.size === 0) return <ErrorMessage error={error} testId={testId} />;
  const rest = unclaimedErrors(errors, claimed);
  if (rest.length === 0) return null;
  return (
    <div className="error-box" role="alert" data-testid={testId}>
      {rest.map((message) => (
        <p className="error-message" key={message}>
          {message}
        </p>
      ))}
    </div>
  );
}
