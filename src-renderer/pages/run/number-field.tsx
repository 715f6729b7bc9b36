import { Field, fieldErrorId } from '../../components/ui/field';

interface NumberFieldProps {
  id: string;
  label: string;
  unit?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  placeholder?: string;
}

/** A number typed as text: half-typed values survive, and the core's validation names problems. */
export function NumberField({ id, label, unit, value, onChange, error, placeholder }: NumberFieldProps) {
  return (
    <Field id={id} label={label} hint={unit && `(${unit})`} error={error}>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={fieldErrorId(id)}
        data-testid={id}
      />
    </Field>
  );
}

/** A free-text input with the same layout (paths, stage lists, SLO strings). */
export function TextField({ id, label, unit, value, onChange, error, placeholder }: NumberFieldProps) {
  return (
    <Field id={id} label={label} hint={unit && `(${unit})`} error={error}>
      <input
        id={id}
        type="text"
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={fieldErrorId(id)}
        data-testid={id}
      />
    </Field>
  );
}
