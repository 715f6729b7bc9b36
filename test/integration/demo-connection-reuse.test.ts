import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServerHandle } from '../../src-main/demo/index';
import { RawConnection, rawRequest, type WireResponse } from './demo-raw-connection';

/*
 * What test/fixtures/llama-server/v0.5.0-captured/50-keepalive-after-stream.txt shows curl doing
 * against a real llama-server v0.5.0, replayed over raw sockets against the demo server.
 */

const capturedDir = new URL('../fixtures/llama-server/v0.5.0-captured/', import.meta.url);
const streamedChat = JSON.parse(readFileSync(new URL('10-chat-stream.request.json', capturedDir), 'utf8')) as Record<string, unknown>;
const wholeChat = { ...streamedChat, stream: false, stream_options: undefined };
const streamRequest = rawRequest('POST', '/v1/chat/completions', streamedChat);
const wholeRequest = rawRequest('POST', '/v1/chat/completions', wholeChat);
const healthRequest = rawRequest('GET', '/health');

const keepAlive = 'timeout=5, max=100';
const headerOf = (response: WireResponse, name: string): string | undefined =>
  response.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

/** Sends one request on the connection and reads its whole answer. */
async function exchange(connection: RawConnection, request: string): Promise<WireResponse> {
  const answer = connection.nextResponse();
  connection.send(request);
  return answer;
}

describe('demo server connections, as llama-server v0.5.0 handles them', () => {
  let server: DemoServerHandle;

  beforeAll(async () => {
    server = await startDemoServer({ engine: 'sim', parallel: 4, ctxSize: 1024, simTokenMs: 1 });
  });

  afterAll(async () => {
    await server.close();
  });

  it('closes the connection after each of three streamed chats, though each answer says keep-alive', async () => {
    const ports = new Set<number>();
    for (let i = 0; i < 3; i += 1) {
      const connection = await RawConnection.open(server.port);
      ports.add(connection.localPort);
      const response = await exchange(connection, streamRequest);
      expect(response.status).toBe(200);
      expect(headerOf(response, 'Keep-Alive')).toBe(keepAlive);
      expect(headerOf(response, 'Connection')).toBeUndefined();
      expect(response.body.endsWith('data: [DONE]\n\n')).toBe(true);
      // The server's FIN follows the stream's last chunk, with nothing after it.
      expect(await connection.ended).toMatchObject({ serverEnded: true, bytesAfterLastResponse: 0 });
    }
    expect(ports.size).toBe(3);
  }, 15_000);

  it('keeps one connection for three non-streamed chats and then GET /health', async () => {
    const connection = await RawConnection.open(server.port);
    for (let i = 0; i < 3; i += 1) {
      const response = await exchange(connection, wholeRequest);
      expect(response.status).toBe(200);
      expect(headerOf(response, 'Keep-Alive')).toBe(keepAlive);
      expect((JSON.parse(response.body) as { object: string }).object).toBe('chat.completion');
    }
    const health = await exchange(connection, healthRequest);
    expect(health.body).toBe('{"status":"ok"}');
    expect(headerOf(health, 'Keep-Alive')).toBe(keepAlive);
    connection.close();
    expect((await connection.ended).serverEnded).toBe(false);
  });

  it('answers nothing to a request written on a streamed connection right after its last chunk (the stale-socket race a load generator must survive)', async () => {
    const connection = await RawConnection.open(server.port);
    connection.send(streamRequest);
    // A pooled client reusing the socket before it has read the server's close, as undici did
    // in the issue (#10): the request goes out, and no response byte ever comes back.
    const stream = await connection.nextResponse(wholeRequest);
    expect(stream.body.endsWith('data: [DONE]\n\n')).toBe(true);
    const end = await connection.ended;
    expect(end.bytesAfterLastResponse).toBe(0);
    expect(end.serverEnded || end.errorCode === 'ECONNRESET' || end.errorCode === 'EPIPE').toBe(true);
  }, 15_000);

  it('answers the 100th request on a connection with Connection: close and then closes it', async () => {
    const connection = await RawConnection.open(server.port);
    for (let i = 1; i < 100; i += 1) {
      const response = await exchange(connection, healthRequest);
      expect(headerOf(response, 'Keep-Alive'), `request ${i}`).toBe(keepAlive);
    }
    const last = await exchange(connection, healthRequest);
    expect(last.status).toBe(200);
    expect(headerOf(last, 'Connection')).toBe('close');
    expect(headerOf(last, 'Keep-Alive')).toBeUndefined();
    expect(await connection.ended).toMatchObject({ serverEnded: true, bytesAfterLastResponse: 0 });
  });

  it('closes an error answer\'s connection, as its Connection: close says', async () => {
    const connection = await RawConnection.open(server.port);
    const response = await exchange(connection, rawRequest('GET', '/no-such-path'));
    expect(response.status).toBe(404);
    expect(headerOf(response, 'Connection')).toBe('close');
    expect((await connection.ended).serverEnded).toBe(true);
  });

  it('closes a connection left idle for the keep-alive timeout of 5 s, not before', async () => {
    const connection = await RawConnection.open(server.port);
    await exchange(connection, healthRequest);
    const idleFromMs = performance.now();
    expect((await connection.ended).serverEnded).toBe(true);
    // Only a lower bound: a busy machine may close it late, never early.
    expect(performance.now() - idleFromMs).toBeGreaterThanOrEqual(4_500);
  }, 20_000);
});

describe('demo server with --keep-alive-streams', () => {
  it('keeps the connection after streamed chats, unlike llama-server, for comparisons', async () => {
    const server = await startDemoServer({ engine: 'sim', parallel: 4, ctxSize: 1024, simTokenMs: 1, keepAliveStreams: true });
    try {
      const connection = await RawConnection.open(server.port);
      for (const request of [streamRequest, streamRequest, wholeRequest, healthRequest]) {
        const response = await exchange(connection, request);
        expect(response.status).toBe(200);
        expect(headerOf(response, 'Keep-Alive')).toBe(keepAlive);
      }
      connection.close();
      expect((await connection.ended).serverEnded).toBe(false);
    } finally {
      await server.close();
    }
  });
});
