interface SegmentedProps<T extends string> {
  label: string;
  options: ReadonlyArray<{ value: T; label: string; hint?: string }>;
  /** Nothing is pressed when the current choice is in another group. */
  value: T | undefined;
  onChange: (value: T) => void;
  testId: string;
  disabled?: boolean;
  /** Print the label above the buttons (when nothing else on screen names the choice). */
  showLabel?: boolean;
}

/** A row of toggle buttons for one choice (aria-pressed), picked with one click. */
export function Segmented<T extends string>({ label, options, value, onChange, testId, disabled = false, showLabel = false }: SegmentedProps<T>) {
  return (
    <>
      {showLabel && <p className="pill-group-label">{label}</p>}
      <div className="pill-group" role="group" aria-label={label} data-testid={testId}>
        {options.map((option) => (
          <button
            key={option.value}
            type="button"
            className="pill"
            aria-pressed={option.value === value}
            title={option.hint}
            onClick={() => onChange(option.value)}
            disabled={disabled}
            data-testid={`${testId}-${option.value}`}
          >
            {option.label}
          </button>
        ))}
      </div>
    </>
  );
}
