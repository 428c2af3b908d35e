import { describe, expect, it } from 'vitest';
import { encodeFrame, scanFrames, crc32 } from '../../../src/engine/persistence/index.js';

const frames = (...texts: string[]) => Buffer.concat(texts.map((t) => encodeFrame(Buffer.from(t))));

describe('record framing', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('reads back every whole frame', () => {
    const scan = scanFrames(frames('alpha', 'beta', 'gamma'));
    expect(scan.payloads.map((p) => p.toString())).toEqual(['alpha', 'beta', 'gamma']);
    expect(scan.torn).toBeUndefined();
  });

  it('stops at a payload cut short and keeps what came before', () => {
    const buf = frames('alpha', 'beta', 'gamma');
    const cut = buf.subarray(0, buf.length - 2);
    const scan = scanFrames(cut);
    expect(scan.payloads.map((p) => p.toString())).toEqual(['alpha', 'beta']);
    expect(scan.torn).toEqual({ offset: 8 + 5 + 8 + 4, bytes: 8 + 3, reason: 'SHORT_PAYLOAD' });
  });

  it('stops at a header cut short', () => {
    const buf = Buffer.concat([frames('alpha'), Buffer.from([5, 0, 0])]);
    expect(scanFrames(buf).torn?.reason).toBe('SHORT_HEADER');
    expect(scanFrames(buf).validBytes).toBe(13);
  });

  it('detects a flipped bit in the last payload', () => {
    const buf = frames('alpha', 'beta');
    buf[buf.length - 1] ^= 0x01;
    const scan = scanFrames(buf);
    expect(scan.payloads.map((p) => p.toString())).toEqual(['alpha']);
    expect(scan.torn?.reason).toBe('BAD_CRC');
  });

  it('treats an absurd length as garbage, not a record to wait for', () => {
    const garbage = Buffer.alloc(16, 0xff);
    expect(scanFrames(Buffer.concat([frames('a'), garbage])).torn?.reason).toBe('BAD_LENGTH');
  });
});
