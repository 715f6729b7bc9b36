import type { LlamaFlag } from '../../../src-shared/llama/flag-catalog';
import { valueText } from './config-draft';

interface FlagInputProps {
  id: string;
  flag: LlamaFlag;
  /** The draft's text; empty: not given, llama-server's default applies. */
  text: string;
  onChange: (text: string) => void;
}

/** The control a flag's type calls for; the empty choice or text leaves the flag out. */
export function FlagInput({ id, flag, text, onChange }: FlagInputProps) {
  const common = { id, 'aria-describedby': `${id}-error`, 'data-testid': id };
  const defaultLabel = flag.defaultValue === null ? 'not given' : `default (${valueText(flag.defaultValue)})`;
  if (flag.type === 'toggle' || flag.type === 'enum') {
    const choices = flag.type === 'toggle' ? ['on', 'off'] : (flag.choices ?? []);
    return (
      <select {...common} value={text} onChange={(event) => onChange(event.target.value)}>
        <option value="">{defaultLabel}</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
        {/* A value read from the host that is not a choice stays visible until changed, so nothing is silently replaced. */}
        {text !== '' && !choices.includes(text) && <option value={text}>{text}</option>}
      </select>
    );
  }
  const isNumber = flag.type === 'int' || flag.type === 'float';
  return (
    <input
      {...common}
      type="text"
      inputMode={isNumber ? 'decimal' : undefined}
      spellCheck={false}
      autoComplete="off"
      value={text}
      placeholder={flag.defaultValue === null ? '' : valueText(flag.defaultValue)}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
