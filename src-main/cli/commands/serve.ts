import { join } from 'node:path';
import { resolve } from 'node:path';
import { defaultDemoConfig } from '../../../src-shared/contract/demo.contract';
import { defaultDataDir, type Core } from '../../core/index';
import { startBrowserServer } from '../../serve/browser-server';
import { lastValue, parseArgs, parseIntegerOption, type CliIo } from '../args';
import { createNodeCore } from '../node-core';
import { packageRoot } from '../package-info';

export const serveUsage = 'llmwb serve [--port P] [--demo] [--data-dir DIR]';

/**
 * Browser mode: serves the built UI and the contract on 127.0.0.1 and prints the URL with its
 * token. With --demo it also starts the built-in demo server and makes sure a workspace uses it.
 * Runs until SIGINT/SIGTERM.
 */
export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { options: ['port', 'data-dir'], booleans: ['demo'] });
  const port = parseIntegerOption(lastValue(args, 'port'), 'port') ?? 0;
  if (port < 0 || port > 65535) throw new Error(`--port must be between 0 and 65535, got ${port}`);
  const dataDir = resolve(lastValue(args, 'data-dir') ?? defaultDataDir());
  const core = await createNodeCore({ dataDir, shell: 'browser' });
  for (const notice of core.notices) io.err(`note: ${notice}`);
  if (args.flags.has('demo')) await attachDemo(core, io);
  const server = await startBrowserServer({ handlers: core.handlers, bus: core.bus, rendererDir: join(packageRoot, 'out', 'renderer'), port });
  io.out(`LLM Workbench (browser mode) is ready. Open: ${server.url}`);
  io.out(`Data folder: ${dataDir}. Press Ctrl+C to stop.`);
  await waitForSignal();
  io.out('Stopping…');
  await server.close();
  await core.close();
  return 0;
}

async function attachDemo(core: Core, io: CliIo): Promise<void> {
  const workspaces = await core.handlers['workspaces.list']({});
  const existing = workspaces.find((workspace) => workspace.endpoints.some((endpoint) => endpoint.isDemo));
  const workspace = existing ?? (await core.handlers['workspaces.create']({ name: 'Demo', hostLabel: 'this machine' }));
  const endpoint = await core.handlers['demo.attach']({ workspaceId: workspace.id, config: defaultDemoConfig });
  io.out(`Built-in demo server (a tiny bundled model, not your production server) listening at ${endpoint.url}, in workspace "${workspace.name}".`);
}

function waitForSignal(): Promise<void> {
  return new Promise((resolveSignal) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolveSignal();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
