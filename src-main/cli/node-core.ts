import { createCore } from '../core/index';
import { defaultWorkerEntry } from '../core/loadgen/worker-entry';
import { startDemoServer } from '../demo/index';
import { packageVersion } from './package-info';

/** The core as the Node shells (CLI and browser mode) build it: tsx worker bootstrap, in-process demo. */
export function createNodeCore(options: { dataDir: string; shell: 'browser' | 'cli' }) {
  return createCore({
    dataDir: options.dataDir,
    shell: options.shell,
    version: packageVersion(),
    workerEntry: defaultWorkerEntry(),
    demo: {
      start: async (demoOptions) => {
        const server = await startDemoServer({ port: 0, ...demoOptions });
        return { url: server.url, close: () => server.close() };
      },
    },
  });
}
