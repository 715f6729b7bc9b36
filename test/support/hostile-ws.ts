import { operationNames } from '../../src-shared/contract/names';
import { maxWsMessageBytes } from '../../src-shared/contract/wire';
import { encodeFrame, exchangeWs, type WsExchange, type WsOutcome } from './raw-ws';

/** One hostile WebSocket exchange and what a safe answer to it looks like. */
export interface WsCase {
  name: string;
  exchange: WsExchange;
  judge(outcome: WsOutcome): string | null;
  /** Hundreds of kilobytes on the wire: sent once rather than every round, to keep the run short. */
  isHeavy?: boolean;
}

const text = (payload: string | Buffer) => encodeFrame({ opcode: 0x1, payload });
const nested = (depth: number, open: string, close: string) => open.repeat(depth) + close.repeat(depth);

function refusedHandshake(name: string, exchange: WsExchange): WsCase {
  return { name, exchange, judge: (o) => (o.status === 400 || o.status === 403 ? null : `${name}: handshake answered ${o.status}, expected 400 or 403`) };
}

function closedWith(name: string, frames: Buffer[], codes: number[], target: string): WsCase {
  return {
    name,
    exchange: { target, frames },
    judge: (o) => (o.status === 101 && o.closeCode !== undefined && codes.includes(o.closeCode) ? null : `${name}: ${JSON.stringify(o)}, expected a close with ${codes.join(' or ')}`),
  };
}

/** Handshakes without the token, with a wrong one, from another origin or host, or malformed. */
export function refusedHandshakes(port: number, token: string): WsCase[] {
  const ok = `/ws?token=${token}`;
  return [
    refusedHandshake('no token', { target: '/ws' }),
    refusedHandshake('wrong token', { target: '/ws?token=wrong' }),
    refusedHandshake('token with a byte more', { target: `${ok}x` }),
    refusedHandshake('token under another name', { target: `/ws?TOKEN=${token}` }),
    ...['http://evil.example', 'null', `http://127.0.0.1:${port}.evil.example`, `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`].map((origin) =>
      refusedHandshake(`origin ${origin}`, { target: ok, headers: { origin } }),
    ),
    ...['evil.example', `evil.example:${port}`, '127.0.0.1'].map((host) => refusedHandshake(`host ${host}`, { target: ok, headers: { host } })),
    refusedHandshake('another path', { target: `/ws/?token=${token}` }),
    refusedHandshake('upper-case path', { target: `/WS?token=${token}` }),
    refusedHandshake('bad escape in the path', { target: `/ws%ff?token=${token}` }),
    refusedHandshake('a target no URL parser takes', { target: `//[/ws?token=${token}` }),
    refusedHandshake('unsupported version', { target: ok, headers: { 'sec-websocket-version': '99' } }),
    refusedHandshake('no key', { target: ok, headers: { 'sec-websocket-key': '' } }),
  ];
}

/** Frames that break the protocol, the size limit, UTF-8 or the message shape: each closes its own socket. */
export function closingFrames(token: string): WsCase[] {
  const target = `/ws?token=${token}`;
  const malformed = ['{', 'null', '[]', '"x"', '1e400', '{"type":"invoke"}', '{"type":"invoke","id":-1,"op":"app.info"}', '{"type":"push","id":1}', '\u0000', 'a'.repeat(10_000)];
  return [
    ...malformed.map((message) => closedWith(`malformed JSON ${message.slice(0, 20)}`, [text(message)], [1003], target)),
    { ...closedWith('100k nested arrays as the message', [text(nested(100_000, '[', ']'))], [1003], target), isHeavy: true },
    closedWith('binary frame holding a valid call', [encodeFrame({ opcode: 0x2, payload: '{"type":"invoke","id":1,"op":"app.info","input":{}}' })], [1003], target),
    ...[[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x7b, 0xe2, 0x82]].map((bytes) => closedWith(`invalid UTF-8 ${bytes.join(',')}`, [text(Buffer.from(bytes))], [1007], target)),
    ...[BigInt(maxWsMessageBytes + 1), 2n ** 53n, 2n ** 63n - 1n].map((length) => closedWith(`frame announcing ${length} bytes`, [encodeFrame({ opcode: 0x1, claimedLength: length })], [1009], target)),
    closedWith('unmasked frame', [encodeFrame({ opcode: 0x1, payload: '{}', masked: false })], [1002], target),
    closedWith('RSV1 without an extension', [encodeFrame({ opcode: 0x1, payload: '{}', rsv: 4 })], [1002], target),
    closedWith('reserved opcode 3', [encodeFrame({ opcode: 0x3, payload: 'x' })], [1002], target),
    closedWith('ping of 200 bytes', [encodeFrame({ opcode: 0x9, payload: 'p'.repeat(200) })], [1002], target),
    closedWith('fragmented ping', [encodeFrame({ opcode: 0x9, payload: 'p', fin: false })], [1002], target),
    closedWith('continuation without a start', [encodeFrame({ opcode: 0x0, payload: 'x' })], [1002], target),
    closedWith('close with a one-byte body', [encodeFrame({ opcode: 0x8, payload: Buffer.from([3]) })], [1002], target),
    closedWith('close with code 999', [encodeFrame({ opcode: 0x8, payload: Buffer.from([0x03, 0xe7]) })], [1002], target),
  ];
}

const unknownOps = ['fs.readFile', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'app.info.x', '', 'APP.INFO', 'app.info\u0000'];
/** Inputs no operation accepts, so a storm of them must change nothing. */
const badInputs: unknown[] = ['x', 1e308, [], [[[['deep']]]], true];

function call(id: number, op: string, input: unknown): Buffer {
  return text(JSON.stringify({ type: 'invoke', id, op, input }));
}

/**
 * Well-formed calls the core must refuse one by one on a socket that stays open: unknown
 * operations, every real operation with an input it cannot take, and 100k-deep inputs.
 */
export function refusedCalls(token: string): WsCase[] {
  const calls: Array<[string, unknown]> = [
    ...unknownOps.map((op): [string, unknown] => [op, {}]),
    ...operationNames.flatMap((op) => badInputs.map((input): [string, unknown] => [op, input])),
  ];
  const cases: WsCase[] = [];
  for (let start = 0; start < calls.length; start += 50) {
    const batch = calls.slice(start, start + 50);
    cases.push(refusedBatch(`calls ${start}–${start + batch.length - 1}`, token, batch.map(([op, input], i) => call(i + 1, op, input))));
  }
  const deepArrays = `{"type":"invoke","id":1,"op":"workspaces.create","input":${nested(100_000, '[', ']')}}`;
  const deepObjects = `{"type":"invoke","id":2,"op":"runs.start","input":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
  cases.push({ ...refusedBatch('100k nested inputs', token, [text(deepArrays), text(deepObjects)]), isHeavy: true });
  return cases;
}

function refusedBatch(name: string, token: string, frames: Buffer[]): WsCase {
  return {
    name,
    exchange: { target: `/ws?token=${token}`, frames, awaitMessages: frames.length },
    judge: (o) => {
      if (o.status !== 101 || o.messages.length !== frames.length) return `${name}: ${o.status}, ${o.messages.length} of ${frames.length} answers, close ${o.closeCode}`;
      const accepted = o.messages.filter((m) => (JSON.parse(m) as { result?: { ok?: boolean } }).result?.ok !== false);
      return accepted.length === 0 ? null : `${name}: accepted ${accepted.slice(0, 2).join(' | ')}`;
    },
  };
}

export async function sendWsCase(port: number, wsCase: WsCase): Promise<string | null> {
  return wsCase.judge(await exchangeWs(port, wsCase.exchange));
}
