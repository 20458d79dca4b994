import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  compressedSize: number;
  size: number;
  method: number;
  localOffset: number;
}

/**
 * True when the entry really inflates to at most `max` bytes (the central directory may lie). Inflates with
 * zlib's `maxOutputLength`, so a bomb stops at the limit instead of filling memory.
 */
export function inflatesWithin(data: Uint8Array, e: ZipEntry, max: number): boolean {
  if (e.method === 0) return e.compressedSize <= max;
  if (e.method !== 8) return true; // unknown method: let mammoth report it
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const p = e.localOffset;
  if (p + 30 > data.length || dv.getUint32(p, true) !== 0x04034b50) return true;
  const start = p + 30 + dv.getUint16(p + 26, true) + dv.getUint16(p + 28, true);
  const end = Math.min(data.length, start + e.compressedSize);
  try {
    inflateRawSync(data.subarray(start, end), { maxOutputLength: max + 1 });
    return true;
  } catch (err) {
    return !(err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE');
  }
}

export function isZip(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && (data[2] === 3 || data[2] === 5) && (data[3] === 4 || data[3] === 6);
}

/**
 * List a zip's entries from its central directory, without inflating anything. Returns an error string when
 * the central directory is missing or broken (a truncated download). At most `maxEntries` are read.
 */
export function listZip(data: Uint8Array, maxEntries = 5000): ZipEntry[] | string {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const n = data.length;
  let eocd = -1;
  for (let i = n - 22; i >= 0 && i >= n - 22 - 65535; i--) {
    if (dv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return 'no zip central directory (the file is truncated or not a zip)';
  const count = dv.getUint16(eocd + 10, true);
  const cdOffset = dv.getUint32(eocd + 16, true);
  if (cdOffset === 0xffffffff || count === 0xffff) return 'a ZIP64 archive, which Word never writes';
  if (cdOffset >= n) return 'a central directory offset past the end of the file (truncated)';
  const out: ZipEntry[] = [];
  let p = cdOffset;
  const dec = new TextDecoder('utf-8');
  for (let k = 0; k < count && k < maxEntries; k++) {
    if (p + 46 > n || dv.getUint32(p, true) !== 0x02014b50) return 'a damaged central directory';
    const method = dv.getUint16(p + 10, true);
    const localOffset = dv.getUint32(p + 42, true);
    const compressedSize = dv.getUint32(p + 20, true);
    const size = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    if (p + 46 + nameLen > n) return 'a damaged central directory';
    const name = dec.decode(data.subarray(p + 46, p + 46 + nameLen));
    out.push({ name, compressedSize, size, method, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
