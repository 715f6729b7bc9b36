import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readServerConfig } from '../../../../src-main/core/runs/read-server-config';

let server: Server | undefined;

/** A server on a free loopback port answering GET /props with `status` and `body`. */
async function serveProps(status: number, body: string): Promise<string> {
  server = createServer((request, response) => {
    response.writeHead(request.url === '/props' ? status : 404, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('readServerConfig', () => {
  it('reads the configuration a server states in GET /props', async () => {
    const url = await serveProps(200, JSON.stringify({ total_slots: 6, model_path: 'm.gguf', default_generation_settings: { n_ctx: 4096 } }));
    expect(await readServerConfig(url)).toMatchObject({ source: 'props', config: { model: 'm.gguf', flags: { parallel: 6 } }, reported: { nCtxPerSlot: 4096 } });
  });

  it('says plainly that the configuration is unknown when /props answers something other than JSON', async () => {
    const url = await serveProps(200, '<html>a proxy</html>');
    expect(await readServerConfig(url)).toMatchObject({ source: 'unknown', note: "The server's configuration is unknown: GET /props did not answer JSON." });
  });

  it('says why when the server is loading, instead of failing the run', async () => {
    const url = await serveProps(503, JSON.stringify({ error: { code: 503, message: 'Loading model', type: 'unavailable_error' } }));
    expect(await readServerConfig(url)).toMatchObject({ source: 'unknown', note: "The server's configuration is unknown: GET /props failed (HTTP 503: Loading model)." });
  });
});
