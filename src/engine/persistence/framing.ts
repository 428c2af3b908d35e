import { crc32 } from './crc32.js';

/**
 * One journal record on disk: `[length u32 LE][crc32 u32 LE][payload]`. The CRC covers the length and
 * the payload, so a torn write (a crash mid-append leaves a short or garbled tail) is recognised: the
 * scan stops at the first frame that is short, oversized or fails its CRC, and everything before it is
 * intact by construction (records are only ever appended).
 */
export const FRAME_HEADER_BYTES = 8;
/** A record larger than this is taken as garbage in the length field, not a real record. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

export function encodeFrame(payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  payload.copy(frame, FRAME_HEADER_BYTES);
  frame.writeUInt32LE(frameCrc(frame, payload.length), 4);
  return frame;
}

function frameCrc(frame: Buffer, length: number): number {
  // CRC of the length bytes then the payload bytes, skipping the crc field itself.
  return crc32(frame, FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length, crc32(frame, 0, 4));
}

export interface TornTail {
  /** Byte offset of the first bad frame: the file is good up to here. */
  readonly offset: number;
  readonly bytes: number;
  readonly reason: 'SHORT_HEADER' | 'SHORT_PAYLOAD' | 'BAD_LENGTH' | 'BAD_CRC';
}

export interface FrameScan {
  readonly payloads: Buffer[];
  /** Bytes of whole, valid frames from the start. */
  readonly validBytes: number;
  readonly torn?: TornTail;
}

export function scanFrames(buf: Buffer): FrameScan {
  const payloads: Buffer[] = [];
  let offset = 0;
  const stop = (reason: TornTail['reason']): FrameScan => ({ payloads, validBytes: offset, torn: { offset, bytes: buf.length - offset, reason } });
  while (offset < buf.length) {
    if (buf.length - offset < FRAME_HEADER_BYTES) return stop('SHORT_HEADER');
    const length = buf.readUInt32LE(offset);
    if (length > MAX_RECORD_BYTES) return stop('BAD_LENGTH');
    if (buf.length - offset - FRAME_HEADER_BYTES < length) return stop('SHORT_PAYLOAD');
    const frame = buf.subarray(offset, offset + FRAME_HEADER_BYTES + length);
    if (frame.readUInt32LE(4) !== frameCrc(frame, length)) return stop('BAD_CRC');
    payloads.push(frame.subarray(FRAME_HEADER_BYTES));
    offset += FRAME_HEADER_BYTES + length;
  }
  return { payloads, validBytes: offset };
}

/** Whether a whole frame with a matching CRC starts at `offset` (used to tell a torn tail from damage with records after it). */
export function frameIsValidAt(buf: Buffer, offset: number): boolean {
  if (buf.length - offset < FRAME_HEADER_BYTES) return false;
  const length = buf.readUInt32LE(offset);
  if (length === 0 || length > buf.length - offset - FRAME_HEADER_BYTES) return false;
  const frame = buf.subarray(offset, offset + FRAME_HEADER_BYTES + length);
  return frame.readUInt32LE(4) === frameCrc(frame, length);
}
