/**
 * Operation and event names without their schemas, for the sandboxed preload (which cannot
 * load zod). contract.ts fails to compile if these drift from the real contract.
 */
export const operationNames = [
  'app.info',
  'workspaces.list',
  'workspaces.create',
  'workspaces.remove',
  'endpoints.add',
  'endpoints.remove',
  'demo.status',
  'demo.attach',
  'runs.start',
  'runs.stop',
  'runs.list',
  'runs.get',
  'runs.requests',
  'runs.compare',
  'runs.export',
  'bench.plan',
  'bench.run',
  'bench.cancel',
  'bench.list',
  'bench.get',
  'bench.importPart',
  'bench.import',
  'bench.compare',
  'bench.links',
  'hosts.status',
  'hosts.update',
  'hosts.connect',
  'hosts.acceptKey',
  'hosts.disconnect',
  'hosts.inventory',
  'telemetry.start',
  'telemetry.stop',
  'telemetry.recent',
  'runs.telemetry',
  'runs.server',
  'datasets.inspect',
  'files.pick',
] as const;

export const eventNames = [
  'workspaces.changed',
  'run.progress',
  'run.finished',
  'run.writeFailed',
  'bench.progress',
  'bench.finished',
  'host.stateChanged',
  'telemetry.sample',
  'telemetry.gap',
  'run.serverSample',
] as const;

/** Wire envelope shared by the Electron and WebSocket bindings. */
export const channels = {
  invoke: 'llmwb:invoke',
  event: 'llmwb:event',
} as const;
