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
export function NumberField(props: NumberFieldProps) {
  return <LabelledInput {...props} inputProps={{ inputMode: 'decimal' }} />;
}

/** A free-text input with the same layout (paths, stage lists, SLO strings). */
export function TextField(props: NumberFieldProps) {
  return <LabelledInput {...props} inputProps={{ spellCheck: false }} />;
}

function LabelledInput({
  id,
  label,
  unit,
  value,
  onChange,
  error,
  placeholder,
  inputProps,
}: NumberFieldProps & { inputProps: { inputMode?: 'decimal'; spellCheck?: boolean } }) {
  return (
    <Field id={id} label={label} hint={unit && `(${unit})`} error={error}>
      <input
        id={id}
        type="text"
        {...inputProps}
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
