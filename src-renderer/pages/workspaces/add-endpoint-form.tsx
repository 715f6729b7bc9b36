import { useState, type FormEvent } from 'react';
import { ServerKind } from '../../../src-shared/schemas/endpoint';
import { Field, fieldErrorId } from '../../components/ui/field';
import { FormErrors } from '../../components/ui/form-errors';
import { fieldErrors } from '../../lib/field-errors';
import { useAddEndpoint } from '../../queries/workspaces';

const kindLabels: Record<ServerKind, string> = {
  'llama.cpp': 'llama.cpp (llama-server)',
  openai: 'OpenAI-compatible',
  vllm: 'vLLM',
  ollama: 'Ollama',
};

/** Adds a server by base URL; the core validates it and the message shows under the field. */
export function AddEndpointForm({ workspaceId, isFirst }: { workspaceId: string; isFirst: boolean }) {
  const add = useAddEndpoint();
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ServerKind>('llama.cpp');
  const errors = fieldErrors(add.error);
  const id = (field: string) => `endpoint-${field}-${workspaceId}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = { workspaceId, url, kind, ...(name.trim() ? { name } : {}) };
    add.mutate(input, {
      onSuccess: () => {
        setUrl('');
        setName('');
      },
    });
  }

  return (
    <form className="add-endpoint" onSubmit={submit} noValidate aria-label="Add an endpoint">
      <div className="form-row">
        <Field id={id('url')} label={isFirst ? 'Server URL' : 'Add a server URL'} error={errors.get('url')}>
          <input id={id('url')} value={url} onChange={(e) => setUrl(e.target.value)} placeholder="http://127.0.0.1:8080" inputMode="url" aria-describedby={fieldErrorId(id('url'))} data-testid="endpoint-url" />
        </Field>
        <Field id={id('name')} label="Name" hint="(optional)" error={errors.get('name')}>
          <input id={id('name')} value={name} onChange={(e) => setName(e.target.value)} placeholder="llama-server" />
        </Field>
        <Field id={id('kind')} label="Server" error={errors.get('kind')}>
          <select id={id('kind')} value={kind} onChange={(e) => setKind(ServerKind.parse(e.target.value))}>
            {ServerKind.options.map((option) => (
              <option key={option} value={option}>
                {kindLabels[option]}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="button" disabled={add.isPending} data-testid="add-endpoint">
          Add endpoint
        </button>
      </div>
      <FormErrors error={add.error} claimed={['url', 'name', 'kind']} />
    </form>
  );
}
