import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Handlers, OperationInput, OperationName } from '../../src-shared/contract';
import type { ServerConfig } from '../../src-shared/schemas/server-config';
import type { DemoServerHandle, DemoServerPort } from './demo-port';
import { EventBus } from './events';
import { createBenchService } from './bench/bench-handlers';
import { createConfigHandlers } from './configure/config-handlers';
import { configOnAdHocHost } from './configure/config-handlers-ad-hoc';
import { createDatasetHandlers } from './datasets/dataset-handlers';
import { createDiagnoseService } from './diagnose/diagnose-handlers';
import { diagnoseOnAdHocHost } from './diagnose/diagnose-on-host';
import { createHostHandlers } from './host-service/host-handlers';
import { createHostService, type HostService } from './host-service/host-service';
import { createRunStarter } from './runs/run-host-lease';
import { createRunService } from './runs/run-service';
import { createRunsHandlers } from './runs/runs-handlers';
import { sessionTelemetrySource, telemetryAttachment, workspaceTelemetrySource } from './runs/telemetry-attachment';
import type { HostSession } from './hosts/host-session';
import type { AdHocHost } from './host-service/ad-hoc-host';
import { endpointKindFrom, scrapeAttachment } from './servers/scrape-attachment';
import { serverTokensAttachment } from './servers/token-counter';
import { createWorkspaceHandlers } from './workspace-handlers';
import { guardLocalFiles, type LocalFileAccess } from './local-files';
import { createMemorySecrets, type Secrets } from './store/secrets';
import { openStore, type Store } from './store/store';
import { invokeOperation } from './invoke';

// The core's public entry: the shells import from here only (the CLI's rule is in eslint.config.js).
export { defaultDataDir } from './store/data-dir';
export { defaultWorkerEntry } from './loadgen/worker-entry';
export { invokeOperation } from './invoke';
export type { HostSession } from './hosts/host-session';
export { parseHostUrl } from './hosts/open-host';
export { openAdHocHost, type AdHocHost, type AdHocHostOptions } from './host-service/ad-hoc-host';
export type { AdHocConfig } from './configure/config-handlers-ad-hoc';
export type { DiagnoseOnHost, DiagnosisWatch } from './diagnose/diagnose-on-host';
export { takeInventory } from './inventory/take-inventory';
export { collectTelemetry } from './telemetry/collect-telemetry';
export { planInputFromArgs, validateBenchArgs } from './bench/plan/plan-from-args';
export type { PreparedBench } from './bench/runner/prepare-bench';
export { preflightEndpoint as checkEndpoint } from './runs/preflight';
export { exportRun } from './runs/run-export';
export { createMemorySecrets, type Secrets } from './store/secrets';

export interface CoreDeps {
  dataDir: string;
  shell: 'electron' | 'browser' | 'cli';
  version: string;
  /** Path of the load generator's worker entry (a bundled file in Electron, the tsx bootstrap elsewhere). */
  workerEntry: string;
  demo: DemoServerPort;
  /** Where passwords and passphrases live (the OS keychain in Electron); default: this process's memory. */
  secrets?: Secrets;
  /** Electron only: its file dialog, and the check that a path a request names was chosen by the user (local-files.ts). */
  localFiles?: LocalFileAccess;
}

/**
 * The composition root of the product: opens the store, wires the run service and the demo
 * server, and returns the handlers every shell binds. Nothing here knows which shell calls it.
 */
export async function createCore(deps: CoreDeps) {
  const bus = new EventBus();
  const store = await openStore(deps.dataDir);
  const demo = createDemoController(deps.demo, store);
  // One secret store for every host session and endpoint key (the bench runner uses the workspace's own).
  const secrets = deps.secrets ?? createMemorySecrets();
  const hosts = createHostService({ workspaces: store.workspaces, dataDir: deps.dataDir, secrets, bus });
  const { runs, runStarter, runsApi } = createRuns({ workerEntry: deps.workerEntry, store, bus, hosts, secrets });
  const bench = createBenchService({ dataDir: deps.dataDir, bus, runsRepo: store.runs, hosts });
  const configDeps = { workspaces: store.workspaces, hosts, demo, dataDir: deps.dataDir, bus };
  const configHandlers = createConfigHandlers(configDeps);
  const diagnose = createDiagnoseService({ ...configDeps, runs: runsApi, runsDir: store.runsDir, workerEntry: deps.workerEntry, readConfig: configHandlers['config.read'], applyConfig: configHandlers['config.apply'] });

  const coreHandlers: Omit<Handlers, 'files.pick'> = {
    'app.info': async () => ({ shell: deps.shell, version: deps.version, dataDir: deps.dataDir }),
    ...createWorkspaceHandlers({ store, bus, hosts }),
    'demo.status': async () => demo.status(),
    'demo.attach': async ({ workspaceId, config }) => {
      const url = await demo.ensure(config);
      const endpoint = await store.workspaces.addEndpoint({ workspaceId, url, kind: 'llama.cpp', isDemo: true, name: 'Demo server (built-in)' });
      bus.emit('workspaces.changed', { workspaceId });
      return endpoint;
    },
    ...createRunsHandlers({ runs, startRun: (plan) => runStarter.start(plan), hosts, runsRepo: store.runs, runsDir: store.runsDir, exportsDir: join(deps.dataDir, 'exports') }),
    ...createHostHandlers(hosts),
    ...bench.handlers,
    ...createDatasetHandlers(),
    ...configHandlers,
    ...diagnose.handlers,
  };
  // files.pick, and in Electron the check that every local path a request names was chosen by the user.
  const handlers = guardLocalFiles(coreHandlers, deps.localFiles);

  return {
    handlers,
    /** Calls a contract operation through the shells' door (input parsed, failures thrown as AppError). */
    invoke: <K extends OperationName>(op: K, input: OperationInput<K>) => invokeOperation(handlers, op, input),
    bus,
    store,
    notices: store.notices,
    demo,
    hosts,
    runs: runsApi,
    /** The bench service beyond its handlers: llama-bench on a host no workspace holds. */
    bench: { runOnHost: bench.runOnHost },
    /** The config operations over a host no workspace holds (`llmwb config --host`). */
    configOnHost: (host: AdHocHost) => configOnAdHocHost({ ...configDeps, handlers }, host),
    /** Diagnoses in the caller's foreground over a host no workspace holds, or none (`llmwb diagnose`). */
    diagnoseOnHost: (host: AdHocHost | null) => diagnoseOnAdHocHost({ ...configDeps, handlers, runs: runsApi, runsDir: store.runsDir, workerEntry: deps.workerEntry }, host),
    async close(): Promise<void> {
      await diagnose.close();
      await runs.stopAll();
      await bench.close();
      await hosts.close();
      await demo.close();
    },
  };
}
export type Core = Awaited<ReturnType<typeof createCore>>;

/**
 * The run service with what every run records beside its load (its workspace host's telemetry,
 * the server's scrape and its token counter), and the runs API the CLI and the tuning loop use.
 */
function createRuns(parts: { workerEntry: string; store: Store; bus: EventBus; hosts: HostService; secrets: Secrets }) {
  const { store, bus, hosts } = parts;
  const runs = createRunService({
    runsDir: store.runsDir,
    runsRepo: store.runs,
    bus,
    workerEntry: parts.workerEntry,
    secrets: parts.secrets,
    attachments: [telemetryAttachment(workspaceTelemetrySource(hosts)), scrapeAttachment({ bus, endpointKind: endpointKindFrom(store.workspaces) }), serverTokensAttachment()],
    onWriteFailure: (runId, failure) => bus.emit('run.writeFailed', { runId, error: failure.toWire() }),
  });
  const runStarter = createRunStarter({ runs, hosts });
  const runsApi = {
    /** start (behind the host lease) and runAndWait. */
    ...runStarter,
    stop: runs.stop,
    whenFinished: runs.whenFinished,
    get: runs.get,
    /** An attachment recording a host session opened for one command (`llmwb run --host`), outside any workspace. */
    recordHost: (session: HostSession) => telemetryAttachment(sessionTelemetrySource(session, { bus, label: session.label })),
  };
  return { runs, runStarter, runsApi };
}

/** Keeps at most one demo server per process and restarts it only when its configuration changes. */
function createDemoController(port: DemoServerPort, store: Awaited<ReturnType<typeof openStore>>) {
  let running: { handle: DemoServerHandle; config: ServerConfig } | undefined;
  return {
    status: () => (running ? { running: true, url: running.handle.url, config: running.config } : { running: false }),
    modelPath: (config: ServerConfig): string | null => port.modelPath?.(config) ?? null,
    async ensure(config: ServerConfig): Promise<string> {
      if (running && isDeepStrictEqual(running.config, config)) return running.handle.url;
      // Start the new one first: a refused configuration leaves the running demo as it was.
      const handle = await port.start(config);
      const previous = running;
      running = { handle, config };
      await previous?.handle.close();
      await store.workspaces.repointDemoEndpoints(handle.url);
      return handle.url;
    },
    async close(): Promise<void> {
      await running?.handle.close();
      running = undefined;
    },
  };
}
