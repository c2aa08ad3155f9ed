/**
 * WebSocket frame sizes as RFC 6455 §5.2 defines them. Browsers never show frames to page code,
 * so the frame log computes what crossed the wire from what it can see (the message) with these
 * pure functions; they are tested byte for byte against the frames ws writes.
 *
 *   byte 0: FIN (1 bit), RSV1-3 (3 bits), opcode (4 bits)
 *   byte 1: MASK (1 bit), payload length (7 bits: 0-125, or 126 / 127 for a longer field)
 *   then 0, 2 or 8 bytes of extended length, then a 4-byte masking key on client-to-server frames.
 */

/** Opcodes: what the frame carries. */
export const OPCODES = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;
export type OpcodeName = keyof typeof OPCODES;

/** Largest payload that fits the 7-bit length itself. */
export const MAX_SHORT_PAYLOAD = 125;
/** Largest payload of a 16-bit extended length. */
export const MAX_MEDIUM_PAYLOAD = 0xffff;

/** Bytes of the extended payload length: 0 up to 125 bytes of payload, 2 up to 65 535, 8 beyond. */
export function extendedLengthBytes(payloadLength: number): 0 | 2 | 8 {
  checkLength(payloadLength);
  if (payloadLength <= MAX_SHORT_PAYLOAD) return 0;
  if (payloadLength <= MAX_MEDIUM_PAYLOAD) return 2;
  return 8;
}

/** Header bytes of one frame: 2 to 10, plus 4 for the masking key every client-to-server frame carries (so 2 to 14). */
export function frameHeaderSize(payloadLength: number, masked: boolean): number {
  return 2 + extendedLengthBytes(payloadLength) + (masked ? 4 : 0);
}

/** Bytes of one whole frame on the wire (header + payload), before TCP/TLS. */
export function frameSize(payloadLength: number, masked: boolean): number {
  return frameHeaderSize(payloadLength, masked) + payloadLength;
}

/** Bytes `text` takes as UTF-8, which is how text frames carry it. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/** Payload bytes of a close frame: none without a code, else 2 for the code plus the reason in UTF-8. */
export function closePayloadLength(code?: number, reason = ''): number {
  return code === undefined ? 0 : 2 + utf8Length(reason);
}

/** The fields of a frame header. */
export interface FrameHeader {
  /** Last frame of its message. Default true (browsers and ws send each message as one frame). */
  fin?: boolean;
  opcode: OpcodeName;
  payloadLength: number;
  /** The 4-byte masking key of a client-to-server frame; none for server-to-client frames. */
  maskKey?: Uint8Array;
}

/** Writes a frame header exactly as it goes on the wire (RSV bits 0: no extensions). */
export function encodeFrameHeader(header: FrameHeader): Uint8Array {
  const { fin = true, opcode, payloadLength, maskKey } = header;
  if (maskKey !== undefined && maskKey.byteLength !== 4) throw new RangeError('a masking key is 4 bytes');
  const bytes = new Uint8Array(frameHeaderSize(payloadLength, maskKey !== undefined));
  const view = new DataView(bytes.buffer);
  bytes[0] = (fin ? 0x80 : 0) | OPCODES[opcode];
  const extended = extendedLengthBytes(payloadLength);
  const lengthCode = extended === 0 ? payloadLength : extended === 2 ? 126 : 127;
  bytes[1] = (maskKey ? 0x80 : 0) | lengthCode;
  if (extended === 2) view.setUint16(2, payloadLength);
  if (extended === 8) view.setBigUint64(2, BigInt(payloadLength));
  if (maskKey) bytes.set(maskKey, 2 + extended);
  return bytes;
}

/** Hex of some bytes, space-separated: `81 05`. */
export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

function checkLength(payloadLength: number): void {
  if (!Number.isSafeInteger(payloadLength) || payloadLength < 0) {
    throw new RangeError(`payload length must be a whole number of bytes, got ${payloadLength}`);
  }
}
