import { createCore, defaultWorkerEntry, type Secrets } from '../core/index';
import { inProcessDemoPort } from '../demo/demo-port';
import { packageVersion } from './package-info';

/** The core as the Node shells (CLI and browser mode) build it: tsx worker bootstrap, in-process demo. */
export function createNodeCore(options: { dataDir: string; shell: 'browser' | 'cli'; secrets?: Secrets }) {
  return createCore({
    ...(options.secrets === undefined ? {} : { secrets: options.secrets }),
    dataDir: options.dataDir,
    shell: options.shell,
    version: packageVersion(),
    workerEntry: defaultWorkerEntry(),
    demo: inProcessDemoPort,
  });
}
