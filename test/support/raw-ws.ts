import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

/** One client frame, spelled out so a test can break any rule of RFC 6455 on purpose. */
export interface FrameSpec {
  opcode: number;
  payload?: Buffer | string;
  fin?: boolean;
  /** Client frames must be masked; false sends one that is not. */
  masked?: boolean;
  /** RSV1-3 as a 3-bit number; nonzero without a negotiated extension is a protocol error. */
  rsv?: number;
  /** Announce this payload length instead of the real one (the payload is still what is sent). */
  claimedLength?: bigint;
}

export function encodeFrame(spec: FrameSpec): Buffer {
  const payload = typeof spec.payload === 'string' ? Buffer.from(spec.payload) : (spec.payload ?? Buffer.alloc(0));
  const length = spec.claimedLength ?? BigInt(payload.length);
  const masked = spec.masked ?? true;
  const first = ((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | spec.opcode;
  let header: Buffer;
  if (length < 126n) header = Buffer.from([first, Number(length)]);
  else if (length < 65536n) {
    header = Buffer.from([first, 126, 0, 0]);
    header.writeUInt16BE(Number(length), 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = 127;
    header.writeBigUInt64BE(length, 2);
  }
  if (masked) header[1] |= 0x80;
  if (!masked) return Buffer.concat([header, payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i += 1) body[i] ^= mask[i % 4];
  return Buffer.concat([header, mask, body]);
}

export const closeFrame = (code = 1000) => {
  const payload = Buffer.alloc(2);
  payload.writeUInt16BE(code);
  return encodeFrame({ opcode: 0x8, payload });
};

export interface WsOutcome {
  /** The handshake's status: 101 when upgraded, 0 when nothing came back. */
  status: number;
  /** Text messages the server sent. */
  messages: string[];
  /** The code in the server's close frame, if it sent one. */
  closeCode?: number;
}

export interface WsExchange {
  /** The request target, e.g. `/ws?token=…`. */
  target: string;
  headers?: Record<string, string>;
  /** Raw frames to send once upgraded. */
  frames?: Buffer[];
  /** Wait for this many text messages before closing (default 0: close at once). */
  awaitMessages?: number;
  timeoutMs?: number;
}

/**
 * A WebSocket client on a bare TCP socket: the handshake, then exactly the bytes given, then a
 * close. Resolves with what the server answered once the connection ends; rejects only when the
 * server neither answers nor closes within the timeout.
 */
export function exchangeWs(port: number, exchange: WsExchange): Promise<WsOutcome> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const outcome: WsOutcome = { status: 0, messages: [] };
    let buffer: Buffer = Buffer.alloc(0);
    let upgraded = false;
    let closing = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no end within ${exchange.timeoutMs ?? 10_000} ms for ${exchange.target}: ${JSON.stringify(outcome)}`));
    }, exchange.timeoutMs ?? 10_000);
    const sendClose = () => {
      if (closing) return;
      closing = true;
      socket.write(closeFrame());
    };
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(outcome);
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) return;
        outcome.status = Number(/^HTTP\/1\.1 (\d{3})/.exec(buffer.subarray(0, end).toString('latin1'))?.[1] ?? 0);
        buffer = buffer.subarray(end + 4);
        if (outcome.status !== 101) return void socket.end();
        upgraded = true;
        for (const frame of exchange.frames ?? []) socket.write(frame);
        if ((exchange.awaitMessages ?? 0) === 0) sendClose();
      }
      buffer = readServerFrames(buffer, outcome, () => socket.end());
      if (outcome.messages.length >= (exchange.awaitMessages ?? 0)) sendClose();
    });
    socket.write(handshake(port, exchange));
  });
}

function handshake(port: number, exchange: WsExchange): string {
  const headers = {
    host: `127.0.0.1:${port}`,
    upgrade: 'websocket',
    connection: 'Upgrade',
    'sec-websocket-key': randomBytes(16).toString('base64'),
    'sec-websocket-version': '13',
    ...exchange.headers,
  };
  const lines = Object.entries(headers).filter(([, value]) => value !== '').map(([name, value]) => `${name}: ${value}`);
  return `GET ${exchange.target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** Server frames are unmasked; this reads every complete one and returns what is left over. */
function readServerFrames(buffer: Buffer, outcome: WsOutcome, onClose: () => void): Buffer {
  let rest = buffer;
  while (rest.length >= 2) {
    const opcode = rest[0] & 0x0f;
    let length = rest[1] & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (rest.length < 4) break;
      length = rest.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (rest.length < 10) break;
      length = Number(rest.readBigUInt64BE(2));
      offset = 10;
    }
    if (rest.length < offset + length) break;
    const payload = rest.subarray(offset, offset + length);
    if (opcode === 0x1) outcome.messages.push(payload.toString('utf8'));
    if (opcode === 0x8) {
      outcome.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      onClose();
    }
    rest = rest.subarray(offset + length);
  }
  return rest;
}
