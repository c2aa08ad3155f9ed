import { Socket, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ws from 'ws';
import WebSocket, { WebSocketServer } from 'ws';
import {
  closePayloadLength,
  encodeFrameHeader,
  extendedLengthBytes,
  frameHeaderSize,
  frameSize,
  toHex,
  utf8Length,
  type OpcodeName,
} from '../../src/client/frame-size.ts';

const MASK = Uint8Array.from([0x37, 0xfa, 0x21, 0x3d]);

// ws exports its frame writer but @types/ws does not describe it; this is the part we call.
const { Sender } = ws as unknown as {
  Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] };
};
const LENGTHS = [0, 1, 125, 126, 127, 1000, 65_535, 65_536, 100_000];

/** The header ws's Sender writes for a frame (the bytes before the payload). */
function wsHeader(payloadLength: number, opcode: number, masked: boolean): Buffer {
  const payload = Buffer.alloc(payloadLength, 0x61);
  const parts = Sender.frame(payload, {
    fin: true,
    opcode,
    mask: masked,
    readOnly: false,
    rsv1: false,
    generateMask: (mask: Buffer) => mask.set(MASK),
  });
  const whole = Buffer.concat(parts);
  return whole.subarray(0, whole.length - payloadLength);
}

describe('frame size arithmetic (RFC 6455 §5.2)', () => {
  it('uses 0, 2 or 8 bytes of extended length at the 125 / 65 535 boundaries', () => {
    expect(LENGTHS.map(extendedLengthBytes)).toEqual([0, 0, 0, 2, 2, 2, 2, 8, 8]);
  });

  it('has headers of 2 to 10 bytes from the server and 6 to 14 from the client', () => {
    expect(LENGTHS.map((n) => frameHeaderSize(n, false))).toEqual([2, 2, 2, 4, 4, 4, 4, 10, 10]);
    expect(LENGTHS.map((n) => frameHeaderSize(n, true))).toEqual([6, 6, 6, 8, 8, 8, 8, 14, 14]);
    expect(frameSize(5, true)).toBe(11);
    expect(frameSize(5, false)).toBe(7);
  });

  it.each(LENGTHS)('writes the same header bytes as ws for %i payload bytes, masked and not', (length) => {
    expect(toHex(encodeFrameHeader({ opcode: 'text', payloadLength: length }))).toBe(toHex(wsHeader(length, 0x1, false)));
    expect(toHex(encodeFrameHeader({ opcode: 'text', payloadLength: length, maskKey: MASK }))).toBe(toHex(wsHeader(length, 0x1, true)));
  });

  it.each<[OpcodeName, number]>([
    ['binary', 0x2],
    ['close', 0x8],
    ['ping', 0x9],
    ['pong', 0xa],
  ])('encodes the %s opcode as ws does', (name, opcode) => {
    expect(toHex(encodeFrameHeader({ opcode: name, payloadLength: 2, maskKey: MASK }))).toBe(toHex(wsHeader(2, opcode, true)));
  });

  it('spells out a small masked text frame', () => {
    // FIN + text, MASK + length 5, then the key.
    expect(toHex(encodeFrameHeader({ opcode: 'text', payloadLength: 5, maskKey: MASK }))).toBe('81 85 37 fa 21 3d');
    expect(toHex(encodeFrameHeader({ opcode: 'text', payloadLength: 5, fin: false }))).toBe('01 05');
  });

  it('counts UTF-8 bytes, not characters, and close payloads as code + reason', () => {
    expect(utf8Length('Hello Server')).toBe(12);
    expect(utf8Length('héllo 👋')).toBe(11);
    expect(closePayloadLength()).toBe(0);
    expect(closePayloadLength(1000)).toBe(2);
    expect(closePayloadLength(1001, 'server shutting down')).toBe(22);
  });

  it('refuses negative or fractional lengths and keys that are not 4 bytes', () => {
    expect(() => frameHeaderSize(-1, false)).toThrow(RangeError);
    expect(() => frameHeaderSize(1.5, false)).toThrow(RangeError);
    expect(() => encodeFrameHeader({ opcode: 'text', payloadLength: 1, maskKey: new Uint8Array(3) })).toThrow('4 bytes');
  });
});

describe('frame sizes against a real connection', () => {
  let wss: WebSocketServer;
  let url = '';
  beforeAll(async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    wss.on('connection', (socket) => socket.on('message', (data) => socket.send(data, { binary: false })));
    await new Promise((resolve) => wss.once('listening', resolve));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => wss.close(resolve)));

  it.each([0, 12, 125, 126, 65_535, 65_536])('a %i-byte message costs frameSize bytes each way on the socket', async (length) => {
    let tcp: Socket | undefined;
    const client = new WebSocket(url, {
      perMessageDeflate: false,
      createConnection: (options: object) => {
        tcp = new Socket();
        return tcp.connect(options as never);
      },
    } as never);
    await new Promise((resolve) => client.once('open', resolve));
    const writtenBefore = tcp!.bytesWritten;
    const readBefore = tcp!.bytesRead;
    const reply = new Promise((resolve) => client.once('message', resolve));
    client.send('x'.repeat(length));
    await reply;
    expect(tcp!.bytesWritten - writtenBefore).toBe(frameSize(length, true));
    expect(tcp!.bytesRead - readBefore).toBe(frameSize(length, false));
    client.terminate();
  });
});
