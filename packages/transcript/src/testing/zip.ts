import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Test/bench helpers: a tiny zip writer (deflate or stored entries, no ZIP64, no data descriptors) with the knobs a
 * hostile archive turns (a declared size that lies, the encrypted flag, a Unix symlink mode, any raw name), and a
 * DOCX builder on top of it.
 */

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

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A .docx with one paragraph per entry; `\n` inside a paragraph becomes a line break, `\t` a tab.
 * An array entry is a table row: `[['Sam', 'hi'], ['Jo', 'hey']]` → one table with two rows of two cells.
 */
export function makeDocx(paragraphs: (string | string[][])[]): Uint8Array {
  const cell = (t: string) => `<w:tc><w:p><w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r></w:p></w:tc>`;
  const body = paragraphs
    .map((p) => {
      if (Array.isArray(p)) return `<w:tbl>${p.map((row) => `<w:tr>${row.map(cell).join('')}</w:tr>`).join('')}</w:tbl>`;
      if (p === '') return '<w:p/>';
      const runs = p
        .split('\n')
        .map((line, i) => {
          const parts = line.split('\t').map((t) => `<w:t xml:space="preserve">${esc(t)}</w:t>`).join('<w:tab/>');
          return `${i > 0 ? '<w:br/>' : ''}${parts}`;
        })
        .join('');
      return `<w:p><w:r>${runs}</w:r></w:p>`;
    })
    .join('');
  return makeZip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  });
}
