import type { ReactNode } from 'react';

interface FieldProps {
  id: string;
  label: string;
  /** A unit or short explanation, shown after the label. */
  hint?: string;
  error?: string;
  children: ReactNode;
}

/**
 * A labelled control with its inline error. The control itself is the child; give it the same
 * `id` and `aria-describedby={fieldErrorId(id)}` so screen readers read the error with it.
 */
export function Field({ id, label, hint, error, children }: FieldProps) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {hint && <span className="field-hint"> {hint}</span>}
      </label>
      {children}
      {error && (
        <p className="field-error" id={fieldErrorId(id)} data-testid={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function fieldErrorId(id: string): string {
  return `${id}-error`;
}
