import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from './crc32.js';

/**
 * `head.bin`: what the journal has acknowledged — the newest segment, the snapshot it continues from, and
 * how many bytes of that segment were fsync'd. Without it a file cut short (a truncation at 40 %, a deleted
 * newest segment) looks exactly like a crash mid-append. It is rewritten in place after every fsync'd
 * batch, and only after, so it never claims bytes that are not durable; it is not fsync'd itself (that
 * would double the cost of every durable write): after a power loss it may be behind, which only widens
 * the region where a torn tail is accepted, never narrows it.
 *
 * Layout, 28 bytes: magic 'KJH1' | segment u32 | snapshotSegment u32 (0: none) | committedBytes u64 |
 * reserved u32 | crc32 u32 of the first 24 bytes. 28 bytes sit in one sector: a write of it is atomic.
 */
export const HEAD_FILE = 'head.bin';
const MAGIC = 0x314a484b; // 'KJH1' little-endian
const SIZE = 28;

export interface JournalHead {
  readonly segment: number;
  readonly snapshotSegment: number;
  readonly committedBytes: number;
}

export type HeadRead = { readonly kind: 'ok'; readonly head: JournalHead } | { readonly kind: 'missing' } | { readonly kind: 'corrupt'; readonly reason: string };

export function readHead(dir: string): HeadRead {
  const path = join(dir, HEAD_FILE);
  if (!existsSync(path)) return { kind: 'missing' };
  const buf = readFileSync(path);
  if (buf.length !== SIZE) return { kind: 'corrupt', reason: `expected ${SIZE} bytes, received ${buf.length}` };
  if (buf.readUInt32LE(0) !== MAGIC) return { kind: 'corrupt', reason: 'bad magic' };
  if (buf.readUInt32LE(24) !== crc32(buf, 0, 24)) return { kind: 'corrupt', reason: 'bad CRC' };
  return {
    kind: 'ok',
    head: { segment: buf.readUInt32LE(4), snapshotSegment: buf.readUInt32LE(8), committedBytes: Number(buf.readBigUInt64LE(12)) },
  };
}

function encodeHead(h: JournalHead): Buffer {
  const buf = Buffer.alloc(SIZE);
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeUInt32LE(h.segment, 4);
  buf.writeUInt32LE(h.snapshotSegment, 8);
  buf.writeBigUInt64LE(BigInt(h.committedBytes), 12);
  buf.writeUInt32LE(crc32(buf, 0, 24), 24);
  return buf;
}

/** The head file kept open by a writer: one positioned write per update. */
export class HeadFile {
  private readonly fd: number;
  constructor(dir: string) {
    // Not 'a': with O_APPEND Linux ignores the position of a write, and the head is overwritten in place.
    const path = join(dir, HEAD_FILE);
    this.fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
  }
  /** Overwrite the head; `sync` also fsyncs it (at open and compaction, not per batch). */
  write(h: JournalHead, sync = false): void {
    const buf = encodeHead(h);
    writeSync(this.fd, buf, 0, SIZE, 0);
    if (sync) fsyncSync(this.fd);
  }
  close(): void {
    closeSync(this.fd);
  }
}
