import { useState, type FormEvent } from 'react';
import { Field, fieldErrorId } from '../../components/ui/field';
import { FormErrors } from '../../components/ui/form-errors';
import { fieldErrors } from '../../lib/field-errors';
import { useCreateWorkspace } from '../../queries/workspaces';

/** A workspace is one inference host: a name for it and the host it runs on. */
export function NewWorkspaceForm() {
  const create = useCreateWorkspace();
  const [name, setName] = useState('');
  const [hostLabel, setHostLabel] = useState('');
  const errors = fieldErrors(create.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = hostLabel.trim() ? { name, hostLabel } : { name };
    create.mutate(input, {
      onSuccess: () => {
        setName('');
        setHostLabel('');
      },
    });
  }

  return (
    <form className="card form-inline" onSubmit={submit} noValidate data-testid="new-workspace-form">
      <h2 className="card-title">New workspace</h2>
      <div className="form-row">
        <Field id="workspace-name" label="Name" error={errors.get('name')}>
          <input id="workspace-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. gpu-box llama 8B" aria-describedby={fieldErrorId('workspace-name')} />
        </Field>
        <Field id="workspace-host" label="Host" hint="(label)" error={errors.get('hostLabel')}>
          <input id="workspace-host" value={hostLabel} onChange={(e) => setHostLabel(e.target.value)} placeholder="localhost" aria-describedby={fieldErrorId('workspace-host')} />
        </Field>
        <button type="submit" className="button button-primary" disabled={create.isPending} data-testid="create-workspace">
          {create.isPending ? 'Creating…' : 'Create workspace'}
        </button>
      </div>
      <FormErrors error={create.error} claimed={['name', 'hostLabel']} />
    </form>
  );
}
