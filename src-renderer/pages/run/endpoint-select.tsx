import { Field, fieldErrorId } from '../../components/ui/field';
import { EndpointLabel } from '../../components/ui/endpoint-label';
import type { EndpointRef } from '../../lib/endpoints';

interface EndpointSelectProps {
  endpoints: EndpointRef[];
  value: string;
  onChange: (endpointId: string) => void;
  error: string | undefined;
}

/** Endpoints grouped by workspace; an <option> cannot hold a badge, so the demo says so in words. */
export function EndpointSelect({ endpoints, value, onChange, error }: EndpointSelectProps) {
  const groups = groupByWorkspace(endpoints);
  const selected = endpoints.find((ref) => ref.endpoint.id === value);
  return (
    <Field id="plan-endpoint" label="Endpoint" error={error}>
      <select id="plan-endpoint" value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={fieldErrorId('plan-endpoint')} data-testid="plan-endpoint">
        <option value="" disabled>
          Choose an endpoint…
        </option>
        {[...groups.values()].map((refs) => (
          <optgroup key={refs[0]?.workspace.id} label={`${refs[0]?.workspace.name} · ${refs[0]?.workspace.host.label}`}>
            {refs.map(({ endpoint }) => (
              <option key={endpoint.id} value={endpoint.id}>
                {endpoint.isDemo ? `[demo] ${endpoint.name}` : endpoint.name} — {endpoint.url}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {selected && (
        <p className="selected-endpoint small" data-testid="selected-endpoint">
          <EndpointLabel endpoint={selected.endpoint} showUrl={false} /> <span className="muted">{selected.endpoint.kind}</span>
        </p>
      )}
    </Field>
  );
}

function groupByWorkspace(endpoints: EndpointRef[]): Map<string, EndpointRef[]> {
  const groups = new Map<string, EndpointRef[]>();
  for (const ref of endpoints) groups.set(ref.workspace.id, [...(groups.get(ref.workspace.id) ?? []), ref]);
  return groups;
}
