import { Field, fieldErrorId } from '../../components/ui/field';
import { fieldErrors } from '../../lib/field-errors';
import type { LaunchDraft } from './launch-draft';

type TextKey = 'argv' | 'cwd' | 'env' | 'unit' | 'name' | 'file' | 'service' | 'project';

/** The core's error paths each field shows inline (the rest go to the form's error box). */
export const launchFieldPaths: readonly string[] = ['argv', 'cwd', 'env', 'unit', 'name', 'file', 'service', 'project'].map((key) => `launch.${key}`);

interface LaunchFieldsProps {
  draft: LaunchDraft;
  onChange: (draft: LaunchDraft) => void;
  error: unknown;
}

/** The fields of the chosen launch method (LaunchSettings), each with the core's message for it. */
export function LaunchFields({ draft, onChange, error }: LaunchFieldsProps) {
  const errors = fieldErrors(error);
  const text = (key: TextKey, label: string, { hint, multiline = false }: { hint?: string; multiline?: boolean } = {}) => {
    const id = `launch-${key}`;
    const props = { id, value: draft[key], 'aria-describedby': fieldErrorId(id), 'data-testid': id, onChange: (e: { target: { value: string } }) => onChange({ ...draft, [key]: e.target.value }) };
    return (
      <Field id={id} label={label} hint={hint} error={errorAt(errors, key)}>
        {multiline ? <textarea {...props} rows={3} /> : <input {...props} />}
      </Field>
    );
  };
  switch (draft.kind) {
    case 'process':
      return (
        <div className="launch-fields">
          {text('argv', 'Command line', { hint: 'executable first, then its flags' })}
          {text('cwd', 'Working directory', { hint: 'absolute; optional' })}
          {text('env', 'Environment', { hint: 'NAME=value, one a line', multiline: true })}
        </div>
      );
    case 'systemd':
      return (
        <div className="launch-fields launch-fields-row">
          {text('unit', 'Unit', { hint: 'ends in .service' })}
          <Field id="launch-scope" label="Scope">
            <select id="launch-scope" value={draft.scope} onChange={(e) => onChange({ ...draft, scope: e.target.value === 'user' ? 'user' : 'system' })}>
              <option value="system">system</option>
              <option value="user">user (systemctl --user)</option>
            </select>
          </Field>
        </div>
      );
    case 'container':
      return (
        <div className="launch-fields launch-fields-row">
          <RuntimeField draft={draft} onChange={onChange} />
          {text('name', 'Container name')}
        </div>
      );
    case 'compose':
      return (
        <div className="launch-fields launch-fields-row">
          <RuntimeField draft={draft} onChange={onChange} />
          {text('file', 'Compose file', { hint: 'absolute path on the host' })}
          {text('service', 'Service')}
          {text('project', 'Project', { hint: 'optional' })}
        </div>
      );
  }
}

function RuntimeField({ draft, onChange }: Omit<LaunchFieldsProps, 'error'>) {
  return (
    <Field id="launch-runtime" label="Runtime">
      <select id="launch-runtime" value={draft.runtime} onChange={(e) => onChange({ ...draft, runtime: e.target.value === 'podman' ? 'podman' : 'docker' })}>
        <option value="docker">docker</option>
        <option value="podman">podman</option>
      </select>
    </Field>
  );
}

function errorAt(errors: Map<string, string>, key: TextKey): string | undefined {
  // A field's issue may sit on the field or on one of its items (`launch.argv.0`).
  for (const [path, message] of errors) if (path === `launch.${key}` || path.startsWith(`launch.${key}.`)) return message;
  return undefined;
}
