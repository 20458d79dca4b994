import { crc32, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  compressedSize: number;
  size: number;
  method: number;
  localOffset: number;
  /** General purpose bit flags (bit 0: encrypted, bit 6: strong encryption). */
  flags: number;
  crc32: number;
  /** Unix file mode when the archive was made on Unix or macOS (the type bits tell a symlink), else undefined. */
  unixMode?: number;
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

interface Eocd {
  count: number;
  cdOffset: number;
}

function findEocd(data: Uint8Array): Eocd | string {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const n = data.length;
  for (let i = n - 22; i >= 0 && i >= n - 22 - 65535; i--) {
    if (dv.getUint32(i, true) === 0x06054b50) {
      const count = dv.getUint16(i + 10, true);
      const cdOffset = dv.getUint32(i + 16, true);
      if (cdOffset === 0xffffffff || count === 0xffff) return 'a ZIP64 archive, which Word never writes';
      if (cdOffset > i) return 'a central directory offset past the end of the file (truncated)';
      return { count, cdOffset };
    }
  }
  return 'no zip central directory (the file is truncated or not a zip)';
}

/** How many entries the zip declares, read from its end record without touching the entries. */
export function zipEntryCount(data: Uint8Array): number | string {
  const eocd = findEocd(data);
  return typeof eocd === 'string' ? eocd : eocd.count;
}

/**
 * List a zip's entries from its central directory, without inflating anything. Returns an error string when
 * the central directory is missing or broken (a truncated download). At most `maxEntries` are read.
 */
export function listZip(data: Uint8Array, maxEntries = 5000): ZipEntry[] | string {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const n = data.length;
  const eocd = findEocd(data);
  if (typeof eocd === 'string') return eocd;
  const out: ZipEntry[] = [];
  let p = eocd.cdOffset;
  const dec = new TextDecoder('utf-8');
  for (let k = 0; k < eocd.count && k < maxEntries; k++) {
    if (p + 46 > n || dv.getUint32(p, true) !== 0x02014b50) return 'a damaged central directory';
    const madeBy = dv.getUint16(p + 4, true) >> 8;
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const crc32 = dv.getUint32(p + 16, true);
    const compressedSize = dv.getUint32(p + 20, true);
    const size = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    const external = dv.getUint32(p + 38, true);
    const localOffset = dv.getUint32(p + 42, true);
    if (p + 46 + nameLen > n) return 'a damaged central directory';
    const name = dec.decode(data.subarray(p + 46, p + 46 + nameLen));
    // 3 = Unix, 19 = OS X: the high 16 bits of the external attributes are st_mode.
    const entry: ZipEntry = { name, compressedSize, size, method, localOffset, flags, crc32 };
    if (madeBy === 3 || madeBy === 19) entry.unixMode = external >>> 16;
    out.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Where an entry's compressed bytes are, from its local header; an error string when the header is not there. */
export function entryDataRange(data: Uint8Array, e: ZipEntry): { start: number; end: number } | string {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const p = e.localOffset;
  if (p + 30 > data.length || dv.getUint32(p, true) !== 0x04034b50) return 'no local header where the directory points (a damaged zip)';
  const start = p + 30 + dv.getUint16(p + 26, true) + dv.getUint16(p + 28, true);
  const end = start + e.compressedSize;
  if (end > data.length) return 'the entry runs past the end of the file (truncated)';
  return { start, end };
}


export type ZipReadFailure = 'too-large' | 'damaged' | 'unsupported' | 'encrypted';

/**
 * An entry's bytes, or why not. Never inflates more than `min(declared size, maxBytes) + 1` bytes: a bomb (an
 * entry that inflates past its declared size) stops at the cap. The result must match the declared size and CRC.
 */
export function readZipEntry(
  data: Uint8Array,
  e: ZipEntry,
  maxBytes: number,
): { ok: true; data: Uint8Array } | { ok: false; reason: ZipReadFailure; message: string } {
  if (e.flags & 0x41) return { ok: false, reason: 'encrypted', message: 'the entry is encrypted (password-protected zip)' };
  if (e.method !== 0 && e.method !== 8) return { ok: false, reason: 'unsupported', message: `compression method ${e.method} (only stored and deflate are read)` };
  if (e.size > maxBytes) return { ok: false, reason: 'too-large', message: `the entry is ${e.size} bytes unzipped, over the ${maxBytes}-byte limit` };
  const range = entryDataRange(data, e);
  if (typeof range === 'string') return { ok: false, reason: 'damaged', message: range };
  const raw = data.subarray(range.start, range.end);
  let out: Uint8Array;
  if (e.method === 0) {
    if (e.compressedSize !== e.size) return { ok: false, reason: 'damaged', message: 'a stored entry whose sizes disagree' };
    out = raw;
  } else {
    try {
      out = inflateRawSync(raw, { maxOutputLength: e.size + 1 });
    } catch (err) {
      if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        return { ok: false, reason: 'too-large', message: `the entry inflates past its declared ${e.size} bytes (a zip bomb?)` };
      }
      return { ok: false, reason: 'damaged', message: `the entry does not inflate: ${(err as Error).message}` };
    }
  }
  if (out.length !== e.size) return { ok: false, reason: 'damaged', message: `the entry inflates to ${out.length} bytes, not the declared ${e.size}` };
  if (crc32(out) !== e.crc32) return { ok: false, reason: 'damaged', message: 'the entry fails its CRC check (a damaged zip)' };
  return { ok: true, data: out };
}
