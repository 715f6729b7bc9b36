import { createNodeCore } from '../../src-main/cli/node-core';
import type { Core } from '../../src-main/core/index';
import type { ServerConfig } from '../../src-shared/schemas/server-config';
import { makeTempDir } from './temp-dir';

/** A core on a temporary data folder with one workspace and the built-in demo attached as its endpoint. */
export interface DemoCore {
  core: Core;
  ref: { workspaceId: string; endpointId: string };
  /** The demo endpoint's URL when it was attached (a restart of the demo moves it). */
  url: string;
  close(): Promise<void>;
}

/** Opens a core as the CLI builds it, creates a workspace named `name` and attaches the demo with `config`. */
export async function openDemoCore(name: string, config: ServerConfig): Promise<DemoCore> {
  const temp = await makeTempDir();
  const core = await createNodeCore({ dataDir: temp.dir, shell: 'cli' });
  const workspace = await core.invoke('workspaces.create', { name });
  const endpoint = await core.invoke('demo.attach', { workspaceId: workspace.id, config });
  return {
    core,
    ref: { workspaceId: workspace.id, endpointId: endpoint.id },
    url: endpoint.url,
    async close() {
      await core.close();
      await temp.cleanup();
    },
  };
}
