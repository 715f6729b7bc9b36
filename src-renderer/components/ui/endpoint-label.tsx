import type { Endpoint } from '../../../src-shared/schemas/endpoint';
import { DemoBadge } from './badge';

/** An endpoint's name and URL, with the demo badge wherever the demo server appears. */
export function EndpointLabel({ endpoint, showUrl = true }: { endpoint: Pick<Endpoint, 'name' | 'url' | 'isDemo'>; showUrl?: boolean }) {
  return (
    <span className="endpoint-label">
      <span className="endpoint-name">{endpoint.name}</span>
      {endpoint.isDemo && <DemoBadge />}
      {showUrl && <code className="endpoint-url">{endpoint.url}</code>}
    </span>
  );
}
