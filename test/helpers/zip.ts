/**
 * A tiny zip writer for tests: deflate or stored entries, plus the knobs a hostile archive turns (a declared size
 * that lies, the encrypted flag, a Unix symlink mode, any raw name). No ZIP64, no data descriptors.
 */
import { crc32, deflateRawSync } from 'node:zlib';


export interface ZipFile {
  name: string;
  data: string | Uint8Array;
  /** 'deflate' (default) or 'store'. */
  method?: 'deflate' | 'store';
  /** Write this as the unzipped size instead of the real one (a lying header). */
  declaredSize?: number;
  /** Set the "encrypted" flag (the bytes are not really encrypted). */
  encrypted?: boolean;
  /** Unix st_mode for the external attributes, e.g. 0o120777 for a symlink. */
  unixMode?: number;
}

/** A zip of `files`, in order. */
export function makeZip(files: Array<ZipFile> | Record<string, string | Uint8Array>): Buffer {
  const list: ZipFile[] = Array.isArray(files) ? files : Object.entries(files).map(([name, data]) => ({ name, data }));
  const enc = new TextEncoder();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of list) {
    const raw = typeof f.data === 'string' ? enc.encode(f.data) : f.data;
    const stored = f.method === 'store';
    const comp = stored ? raw : deflateRawSync(raw);
    const name = enc.encode(f.name);
    const crc = crc32(raw);
    const size = f.declaredSize ?? raw.length;
    const flags = 0x0800 | (f.encrypted ? 1 : 0); // UTF-8 names
    const method = stored ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(comp.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(f.unixMode !== undefined ? (3 << 8) | 20 : 20, 4); // made by: Unix when a mode is given
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(comp.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(f.unixMode !== undefined ? (f.unixMode << 16) >>> 0 : 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, Buffer.from(name), Buffer.from(comp));
    centrals.push(central, Buffer.from(name));
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(list.length, 8);
  eocd.writeUInt16LE(list.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}
