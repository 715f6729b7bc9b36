import type { Handlers } from '../../src-shared/contract';
import type { DemoServerHandle, DemoServerPort } from './demo-port';
import { EventBus } from './events';
import { createRunService } from './runs/run-service';
import { openStore } from './store/store';

export interface CoreDeps {
  dataDir: string;
  shell: 'electron' | 'browser' | 'cli';
  version: string;
  /** Path of the load generator's worker entry (a bundled file in Electron, the tsx bootstrap elsewhere). */
  workerEntry: string;
  demo: DemoServerPort;
}

/**
 * The composition root of the product: opens the store, wires the run service and the demo
 * server, and returns the handlers every shell binds. Nothing here knows which shell calls it.
 */
export async function createCore(deps: CoreDeps) {
  const bus = new EventBus();
  const store = await openStore(deps.dataDir);
  const runs = createRunService({ runsDir: store.runsDir, runsRepo: store.runs, bus, workerEntry: deps.workerEntry });
  const demo = createDemoController(deps.demo, store);

  const handlers: Handlers = {
    'app.info': async () => ({ shell: deps.shell, version: deps.version, dataDir: deps.dataDir }),
    'workspaces.list': () => store.workspaces.list(),
    'workspaces.create': async (input) => {
      const workspace = await store.workspaces.create(input);
      bus.emit('workspaces.changed', { workspaceId: workspace.id });
      return workspace;
    },
    'workspaces.remove': async ({ workspaceId }) => {
      const removed = await store.workspaces.remove(workspaceId);
      bus.emit('workspaces.changed', { workspaceId });
      return { removed };
    },
    'endpoints.add': async (input) => {
      const endpoint = await store.workspaces.addEndpoint(input);
      bus.emit('workspaces.changed', { workspaceId: input.workspaceId });
      return endpoint;
    },
    'endpoints.remove': async ({ workspaceId, endpointId }) => {
      const removed = await store.workspaces.removeEndpoint(workspaceId, endpointId);
      bus.emit('workspaces.changed', { workspaceId });
      return { removed };
    },
    'demo.status': async () => demo.status(),
    'demo.attach': async ({ workspaceId, options }) => {
      const url = await demo.ensure(options);
      const endpoint = await store.workspaces.addEndpoint({ workspaceId, url, kind: 'llama.cpp', isDemo: true, name: 'Demo server (built-in)' });
      bus.emit('workspaces.changed', { workspaceId });
      return endpoint;
    },
    'runs.start': (plan) => runs.start(plan),
    'runs.stop': ({ runId }) => runs.stop(runId),
    'runs.list': (filter) => runs.list(filter),
    'runs.get': ({ runId }) => runs.get(runId),
  };

  return {
    handlers,
    bus,
    store,
    notices: store.notices,
    demo,
    async close(): Promise<void> {
      await runs.stopAll();
      await demo.close();
    },
  };
}
export type Core = Awaited<ReturnType<typeof createCore>>;

type DemoOptions = { parallel: number; ctxSize: number; threads?: number | undefined };

/** Keeps at most one demo server per process and restarts it only when its options change. */
function createDemoController(port: DemoServerPort, store: Awaited<ReturnType<typeof openStore>>) {
  let running: { handle: DemoServerHandle; options: DemoOptions } | undefined;
  return {
    status: () => (running ? { running: true, url: running.handle.url, options: running.options } : { running: false }),
    async ensure(options: DemoOptions): Promise<string> {
      if (running && JSON.stringify(running.options) === JSON.stringify(options)) return running.handle.url;
      await running?.handle.close();
      const handle = await port.start(options);
      running = { handle, options };
      await store.workspaces.repointDemoEndpoints(handle.url);
      return handle.url;
    },
    async close(): Promise<void> {
      await running?.handle.close();
      running = undefined;
    },
  };
}
