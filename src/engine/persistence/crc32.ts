/**
 * CRC-32 (IEEE 802.3, the zlib/PNG polynomial), table-driven. Our own rather than `zlib.crc32`, which
 * only exists from node 20.15 while the project supports 20.11.
 */
const TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c >>> 0;
}

/** CRC of bytes[start, end); pass a previous result as `prev` to continue over a further range. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, prev = 0): number {
  let crc = (prev ^ 0xffffffff) >>> 0;
  for (let i = start; i < end; i++) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
