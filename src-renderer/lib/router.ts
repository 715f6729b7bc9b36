import { useSyncExternalStore } from 'react';

/**
 * Routes live in the hash so the browser-mode address keeps its `?token=` across reloads and
 * links, and Electron's file:// page needs no history API.
 */
export type Route =
  | { page: 'workspaces' }
  | { page: 'bench'; compare?: string[]; baseline?: string }
  | { page: 'host'; workspaceId?: string }
  | { page: 'config'; endpointId?: string; set?: string }
  | { page: 'diagnose'; endpointId?: string; diagnosisId?: string }
  | { page: 'run'; endpointId?: string; runId?: string }
  | { page: 'history' }
  | { page: 'run-detail'; runId: string }
  | { page: 'compare'; runIds: string[] };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'run') {
    return { page: 'run', endpointId: params.get('endpoint') ?? undefined, runId: params.get('run') ?? undefined };
  }
  if (parts[0] === 'config') return { page: 'config', endpointId: params.get('endpoint') ?? undefined, set: params.get('set') ?? undefined };
  if (parts[0] === 'diagnose') return { page: 'diagnose', endpointId: params.get('endpoint') ?? undefined, diagnosisId: params.get('diagnosis') ?? undefined };
  if (parts[0] === 'host') return { page: 'host', workspaceId: params.get('workspace') ?? undefined };
  if (parts[0] === 'bench') return { page: 'bench', compare: params.get('compare')?.split(',').filter(Boolean), baseline: params.get('baseline') ?? undefined };
  if (parts[0] === 'compare') return { page: 'compare', runIds: params.get('runs')?.split(',').filter(Boolean) ?? [] };
  if (parts[0] === 'history' && parts[1]) return { page: 'run-detail', runId: parts[1] };
  if (parts[0] === 'history') return { page: 'history' };
  return { page: 'workspaces' };
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case 'workspaces':
      return '#/workspaces';
    case 'bench': {
      // The runs being compared live in the address, so a comparison can be bookmarked and shared.
      const params = new URLSearchParams();
      if (route.compare && route.compare.length > 0) params.set('compare', route.compare.join(','));
      if (route.baseline) params.set('baseline', route.baseline);
      const query = params.toString();
      return query ? `#/bench?${query}` : '#/bench';
    }
    case 'host':
      return route.workspaceId ? `#/host?workspace=${encodeURIComponent(route.workspaceId)}` : '#/host';
    case 'config':
      // `set` carries flag changes to prefill as a draft (a diagnosis's recommendation), never applied by itself.
      return withQuery('#/config', { endpoint: route.endpointId, set: route.set });
    case 'diagnose':
      return withQuery('#/diagnose', { endpoint: route.endpointId, diagnosis: route.diagnosisId });
    case 'history':
      return '#/history';
    case 'run-detail':
      return `#/history/${encodeURIComponent(route.runId)}`;
    case 'compare':
      return route.runIds.length > 0 ? `#/compare?runs=${route.runIds.map(encodeURIComponent).join(',')}` : '#/compare';
    case 'run': {
      const params = new URLSearchParams();
      if (route.endpointId) params.set('endpoint', route.endpointId);
      if (route.runId) params.set('run', route.runId);
      const query = params.toString();
      return query ? `#/run?${query}` : '#/run';
    }
  }
}

function withQuery(path: string, values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined) params.set(name, value);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
