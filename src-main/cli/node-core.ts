import { createCore, defaultWorkerEntry } from '../core/index';
import { inProcessDemoPort } from '../demo/demo-port';
import { packageVersion } from './package-info';

/** The core as the Node shells (CLI and browser mode) build it: tsx worker bootstrap, in-process demo. */
export function createNodeCore(options: { dataDir: string; shell: 'browser' | 'cli' }) {
  return createCore({
    dataDir: options.dataDir,
    shell: options.shell,
    version: packageVersion(),
    workerEntry: defaultWorkerEntry(),
    demo: inProcessDemoPort,
  });
}
