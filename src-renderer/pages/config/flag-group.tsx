import { useState } from 'react';
import type { ConfigProblem } from '../../../src-shared/contract/config.contract';
import type { FlagSection, LlamaFlag } from '../../../src-shared/llama/flag-catalog';
import { describeRange } from '../../../src-shared/llama/parse-flag-value';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import { editableFlags, valueText, type ConfigDraft } from './config-draft';
import { FlagInput } from './flag-input';

interface FlagGroupProps {
  group: { section: FlagSection; title: string };
  draft: ConfigDraft;
  /** The configuration as read, to mark what the draft changes. */
  read: ServerConfig;
  problems: ReadonlyMap<string, readonly ConfigProblem[]>;
  onChange: (key: string, text: string) => void;
}

/** One catalog group as a table: each flag with its value, default, range, trade-off and env var. */
export function FlagGroup({ group, draft, read, problems, onChange }: FlagGroupProps) {
  const flags = editableFlags(group.section);
  const setCount = flags.filter((flag) => (draft.flags[flag.key] ?? '') !== '').length;
  const problemCount = flags.filter((flag) => problems.has(flag.key)).length;
  const hasError = flags.some((flag) => problems.get(flag.key)?.some((problem) => problem.severity === 'error'));
  // Open where something is set or wrong; the user's own toggling wins from then on.
  const [isOpen, setOpen] = useState(setCount > 0 || problemCount > 0);
  return (
    <details className="card flag-group" open={isOpen || problemCount > 0} onToggle={(event) => setOpen(event.currentTarget.open)} data-testid={`flag-group-${group.section}`}>
      <summary className="flag-group-summary">
        <h2 className="card-title" id={`group-${group.section}`}>
          {group.title} <span className="muted small">· {setCount} of {flags.length} set</span>
          {problemCount > 0 && <span className={`small ${hasError ? 'problem-error' : 'problem-warning'}`}> · {problemCount === 1 ? 'one needs a look' : `${problemCount} need a look`}</span>}
        </h2>
      </summary>
      <table className="data-table flag-table" aria-labelledby={`group-${group.section}`}>
        <thead>
          <tr>
            <th scope="col">Flag</th>
            <th scope="col">Value</th>
            <th scope="col">Default</th>
            <th scope="col">Allowed</th>
            <th scope="col">What it trades off</th>
          </tr>
        </thead>
        <tbody>
          {flags.map((flag) => (
            <FlagRow key={flag.key} flag={flag} text={draft.flags[flag.key] ?? ''} readText={readText(read, flag.key)} problems={problems.get(flag.key) ?? []} onChange={(text) => onChange(flag.key, text)} />
          ))}
        </tbody>
      </table>
    </details>
  );
}

interface FlagRowProps {
  flag: LlamaFlag;
  text: string;
  readText: string;
  problems: readonly ConfigProblem[];
  onChange: (text: string) => void;
}

function FlagRow({ flag, text, readText, problems, onChange }: FlagRowProps) {
  const id = `flag-${flag.key}`;
  const isChanged = text.trim() !== readText;
  const hasError = problems.some((problem) => problem.severity === 'error');
  const className = [isChanged ? 'flag-changed' : '', hasError ? 'flag-invalid' : '', text === '' && !isChanged ? 'flag-unset' : ''].filter(Boolean).join(' ');
  return (
    <>
      <tr className={className} data-testid={`flag-row-${flag.key}`}>
        <th scope="row" title={flag.summary}>
          <label htmlFor={id} className="flag-names">
            {[...flag.names, ...(flag.negNames ?? [])].join(', ')}
          </label>
          {flag.env && <code className="flag-env">{flag.env}</code>}
        </th>
        <td className="flag-value">
          <FlagInput id={id} flag={flag} text={text} onChange={onChange} />
          {isChanged && <span className="flag-was small muted">was {readText === '' ? 'default' : readText}</span>}
        </td>
        <td className="flag-default small">
          <DefaultText flag={flag} />
        </td>
        <td className="flag-range small">{allowed(flag)}</td>
        <td className="flag-tradeoff small">
          {flag.tradeOff}
          {flag.deprecated && <span className="muted"> {flag.deprecated}</span>}
        </td>
      </tr>
      {problems.length > 0 && (
        <tr className={`flag-problems ${className}`}>
          <td colSpan={5}>
            {problems.map((problem, index) => (
              <p key={problem.message} className={problem.severity === 'error' ? 'field-error' : 'field-warning'} id={index === 0 ? `${id}-error` : undefined} data-testid={`${id}-problem`}>
                {problem.message}
              </p>
            ))}
          </td>
        </tr>
      )}
    </>
  );
}

function readText(config: ServerConfig, key: string): string {
  const value = config.flags[key];
  return value === undefined ? '' : valueText(value);
}

/** The values a flag takes, in words. */
function allowed(flag: LlamaFlag): string {
  const keywords = Object.keys(flag.keywords ?? {});
  switch (flag.type) {
    case 'int':
    case 'float':
      return `${flag.type === 'int' ? 'integer' : 'number'}, ${describeRange(flag)}${keywords.length > 0 ? `, or ${keywords.join(', ')}` : ''}`;
    case 'enum':
      return (flag.choices ?? []).join(' · ');
    case 'toggle':
      return flag.negNames === undefined && flag.env === undefined ? 'on (no off spelling)' : 'on · off';
    case 'list':
      return 'a comma-separated list';
    case 'string':
      return flag.valueHint === undefined ? 'text' : `text (${flag.valueHint})`;
  }
}

/** The default, and what it means where the number alone does not say (a note that starts with the value replaces it). */
function DefaultText({ flag }: { flag: LlamaFlag }) {
  const value = flag.defaultValue === null ? null : valueText(flag.defaultValue);
  if (flag.defaultNote !== undefined && value !== null && flag.defaultNote.startsWith(value)) return <span>{flag.defaultNote}</span>;
  return (
    <>
      {value === null ? <span className="muted">none</span> : <code>{value}</code>}
      {flag.defaultNote && <span className="muted"> {flag.defaultNote}</span>}
    </>
  );
}
