import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServerHandle } from '../../src-main/demo/index';
import { RawConnection, rawRequest } from './demo-raw-connection';

/*
 * The demo's response headers against those a real llama-server v0.5.0 sent (curl -D, see
 * test/fixtures/llama-server/README.md), byte for byte: the status line, every header in order,
 * the connection headers included. Only values that differ by nature are blanked: Content-Length
 * (other bodies) and Process-Start-Time-Unix (another process).
 */

const fixtures = new URL('../fixtures/llama-server/', import.meta.url);
const captured = (name: string): string => readFileSync(new URL(`v0.5.0-captured/${name}.headers.txt`, fixtures), 'latin1');
/** A v0.5.0/ fixture holds the header block and the body; only the header block is compared. */
const capturedHead = (name: string): string => {
  const text = readFileSync(new URL(`v0.5.0/${name}`, fixtures), 'latin1');
  return text.slice(0, text.indexOf('\r\n\r\n') + 4);
};

const blankVarying = (head: string): string => head.replace(/^(Content-Length|Process-Start-Time-Unix): .*$/gim, '$1: N');

const chat = { model: 'stories260K', messages: [{ role: 'user', content: 'Once upon a time' }], max_tokens: 24, temperature: 0, seed: 42 };
const tooLong = { ...chat, messages: [{ role: 'user', content: 'The little dog ran to the park and played with the ball. '.repeat(100) }] };
const nativePrompt = { prompt: 'Once upon a time', n_predict: 12, temperature: 0, seed: 42 };

interface Case {
  readonly expected: string;
  readonly request: string;
}

const cases: Readonly<Record<string, Case>> = {
  'GET /health': { expected: captured('01-health'), request: rawRequest('GET', '/health') },
  'GET /props': { expected: captured('02-props'), request: rawRequest('GET', '/props') },
  'GET /slots': { expected: captured('03-slots-idle'), request: rawRequest('GET', '/slots') },
  'GET /v1/models': { expected: captured('04-models'), request: rawRequest('GET', '/v1/models') },
  'GET /metrics': { expected: captured('05-metrics-fresh'), request: rawRequest('GET', '/metrics') },
  'streamed chat': {
    expected: captured('10-chat-stream'),
    request: rawRequest('POST', '/v1/chat/completions', { ...chat, stream: true, stream_options: { include_usage: true } }),
  },
  'non-streamed chat': { expected: captured('11-chat-nonstream'), request: rawRequest('POST', '/v1/chat/completions', { ...chat, stream: false }) },
  'chat too long for its slot': { expected: captured('12-chat-too-long'), request: rawRequest('POST', '/v1/chat/completions', tooLong) },
  'streamed chat too long for its slot': {
    expected: captured('13-chat-too-long-stream'),
    request: rawRequest('POST', '/v1/chat/completions', { ...tooLong, stream: true }),
  },
  'streamed native /completion': { expected: captured('15-completion-native-stream'), request: rawRequest('POST', '/completion', { ...nativePrompt, stream: true }) },
  'native /completion': { expected: captured('16-completion-native'), request: rawRequest('POST', '/completion', { ...nativePrompt, stream: false }) },
  'streamed /v1/completions': {
    expected: captured('17-v1-completions-stream'),
    request: rawRequest('POST', '/v1/completions', { model: 'stories260K', prompt: 'Once upon a time', max_tokens: 12, stream: true, stream_options: { include_usage: true } }),
  },
  '/v1/embeddings without --embeddings': {
    expected: captured('18-v1-embeddings-disabled'),
    request: rawRequest('POST', '/v1/embeddings', { model: 'stories260K', input: 'Once upon a time' }),
  },
  'an unknown path': { expected: capturedHead('llamacpp-error-404.txt'), request: rawRequest('GET', '/no-such-path') },
  'malformed JSON': {
    expected: capturedHead('llamacpp-error-bad-json.txt'),
    request: rawRequest('POST', '/v1/chat/completions').replace('\r\n\r\n', '\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{"a": [1,'),
  },
};

/** Sends one request on a fresh connection and returns the response's header block. */
async function headOf(port: number, request: string): Promise<string> {
  const connection = await RawConnection.open(port);
  try {
    const response = connection.nextResponse();
    connection.send(request);
    return (await response).head;
  } finally {
    connection.close();
  }
}

describe('demo server response headers, as llama-server v0.5.0 sends them', () => {
  let server: DemoServerHandle;

  beforeAll(async () => {
    // The captures' server: -np 4 -c 1024 gives 256-token slots, which the long prompt overflows.
    server = await startDemoServer({ engine: 'sim', parallel: 4, ctxSize: 1024, simTokenMs: 1 });
  });

  afterAll(async () => {
    await server.close();
  });

  for (const [name, { expected, request }] of Object.entries(cases)) {
    it(`matches the captured headers for ${name}`, async () => {
      expect(blankVarying(await headOf(server.port, request))).toBe(blankVarying(expected));
    });
  }

  it('matches the captured headers of /health while the model loads', async () => {
    const loading = await startDemoServer({ engine: 'sim', loadingMs: 600_000 });
    try {
      const head = await headOf(loading.port, rawRequest('GET', '/health'));
      expect(blankVarying(head)).toBe(blankVarying(captured('06-health-loading')));
    } finally {
      await loading.close();
    }
  });
});
