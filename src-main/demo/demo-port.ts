import { AppError } from '../../src-shared/errors';
import type { DemoServerPort } from '../core/demo-port';
import { demoOptionsFromConfig } from './demo-config';
import { bundledModelPath } from './engine/llama-loader';
import { startDemoServer, type DemoServerOptions } from './index';

/**
 * The demo server as the core's `DemoServerPort`: in-process, on a random loopback port, started
 * with a `ServerConfig`. Throws AppError `invalid_input` listing every flag the demo cannot honour.
 * `extra` holds demo-only options (tests pick the sim engine with it).
 */
export function createInProcessDemoPort(extra: DemoServerOptions = {}): DemoServerPort {
  return {
    async start(config) {
      const mapped = demoOptionsFromConfig(config);
      if (!mapped.ok) {
        throw new AppError('invalid_input', `The demo server cannot run this configuration:\n${mapped.problems.join('\n')}`, {
          hint: 'Leave out the flags it refuses; each line says why the demo cannot honour it.',
          details: mapped.problems,
        });
      }
      const server = await startDemoServer({ ...extra, ...mapped.options, host: '127.0.0.1', port: 0 });
      return { url: server.url, close: () => server.close() };
    },
    modelPath: (config) => config.model ?? bundledModelPath(),
  };
}

/** The port every shell passes. */
export const inProcessDemoPort: DemoServerPort = createInProcessDemoPort();
