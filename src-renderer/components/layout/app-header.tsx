import { useConnectionState } from '../../api/api-context';
import { useTheme } from '../../lib/theme';
import { routeHref, type Route } from '../../lib/router';
import { useAppInfo } from '../../queries/app';

const tabs: Array<{ label: string; route: Route; matches: Route['page'][] }> = [
  { label: 'Workspaces', route: { page: 'workspaces' }, matches: ['workspaces'] },
  { label: 'Host', route: { page: 'host' }, matches: ['host'] },
  { label: 'Config', route: { page: 'config' }, matches: ['config'] },
  { label: 'Run', route: { page: 'run' }, matches: ['run'] },
  { label: 'Bench', route: { page: 'bench' }, matches: ['bench'] },
  { label: 'Diagnose', route: { page: 'diagnose' }, matches: ['diagnose'] },
  { label: 'History', route: { page: 'history' }, matches: ['history', 'run-detail'] },
  { label: 'Compare', route: { page: 'compare', runIds: [] }, matches: ['compare'] },
];

export function AppHeader({ route }: { route: Route }) {
  return (
    <header className="app-header">
      <a className="brand" href={routeHref({ page: 'workspaces' })}>
        <span className="brand-mark" aria-hidden="true" />
        LLM Workbench
      </a>
      <nav className="tabs" aria-label="Main">
        {tabs.map((tab) => (
          <a key={tab.label} href={routeHref(tab.route)} className="tab" aria-current={tab.matches.includes(route.page) ? 'page' : undefined} data-testid={`nav-${tab.label.toLowerCase()}`}>
            {tab.label}
          </a>
        ))}
      </nav>
      <div className="header-tools">
        <ConnectionDot />
        <ThemeToggle />
      </div>
    </header>
  );
}

function ConnectionDot() {
  const state = useConnectionState();
  const info = useAppInfo();
  const label = state.kind === 'open' ? 'Connected' : state.kind === 'refused' ? 'Refused' : 'Connecting';
  const detail = info.data ? `${info.data.shell} · v${info.data.version}` : '';
  return (
    <span className={`connection connection-${state.kind}`} data-testid="connection-state" data-state={state.kind} title={info.data ? `Data: ${info.data.dataDir}` : undefined}>
      <span className="dot" aria-hidden="true" />
      {label}
      {detail && <span className="muted"> · {detail}</span>}
    </span>
  );
}

function ThemeToggle() {
  const { preference, cycle } = useTheme();
  const label = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' }[preference];
  return (
    <button type="button" className="button button-quiet button-small" onClick={cycle} title="Switch between system, light and dark" data-testid="theme-toggle">
      {label}
    </button>
  );
}
