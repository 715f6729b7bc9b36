import type { DemoServerPort } from '../core/demo-port';
import { startDemoServer } from './index';

/** The demo server as the core's `DemoServerPort`: in-process, on a random loopback port. Every shell passes this. */
export const inProcessDemoPort: DemoServerPort = {
  async start(options) {
    const server = await startDemoServer({ port: 0, ...options });
    return { url: server.url, close: () => server.close() };
  },
};
