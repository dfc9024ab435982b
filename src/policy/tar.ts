// Reading and writing gzipped tar archives of text files, with Node's zlib only. Writing is
// deterministic (sorted names, zero times and owners) so the same policies give the same bytes.
// Reading understands what `tar -czf` and `policygate bundle build` produce: ustar and old-style
// headers, the ustar name prefix, GNU long names and pax `path` records.

import { gunzipSync, gzipSync } from 'node:zlib';

export interface TarEntry {
  name: string;
  data: Uint8Array;
}

const BLOCK = 512;

/** Bounds on what an archive may expand to, so a hostile tarball cannot exhaust memory. */
export const TAR_LIMITS = { maxUnpackedBytes: 64 * 1024 * 1024, maxEntries: 100_000 };

export class TarError extends Error {}

export function writeTarGz(entries: TarEntry[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const parts: Uint8Array[] = [];
  for (const e of sorted) {
    parts.push(header(e.name, e.data.byteLength));
    parts.push(e.data);
    const pad = (BLOCK - (e.data.byteLength % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(2 * BLOCK));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

function header(name: string, size: number): Uint8Array {
  const h = Buffer.alloc(BLOCK);
  const bytes = Buffer.from(name, 'utf8');
  let prefix = '';
  let base = name;
  if (bytes.byteLength > 100) {
    // ustar splits long paths at a slash: up to 155 bytes of prefix and 100 of name.
    const cut = name.lastIndexOf('/', name.length - 1);
    prefix = cut > 0 ? name.slice(0, cut) : '';
    base = cut > 0 ? name.slice(cut + 1) : name;
    if (Buffer.byteLength(prefix) > 155 || Buffer.byteLength(base) > 100 || prefix === '')
      throw new TarError(`file name too long for a tar header: ${name}`);
  }
  h.write(base, 0, 100, 'utf8');
  h.write('0000644\0', 100, 'ascii'); // mode
  h.write('0000000\0', 108, 'ascii'); // uid
  h.write('0000000\0', 116, 'ascii'); // gid
  h.write(size.toString(8).padStart(11, '0') + '\0', 124, 'ascii');
  h.write('00000000000\0', 136, 'ascii'); // mtime
  h.write('        ', 148, 'ascii'); // checksum placeholder: spaces while summing
  h.write('0', 156, 'ascii'); // regular file
  h.write('ustar\0' + '00', 257, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

/** The regular files of a gzipped tar archive, in archive order. */
export function readTarGz(gz: Uint8Array): TarEntry[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(gz, { maxOutputLength: TAR_LIMITS.maxUnpackedBytes });
  } catch (err) {
    const msg = (err as Error).message;
    throw new TarError(/maxOutputLength|buffer/i.test(msg) ? `archive expands beyond ${TAR_LIMITS.maxUnpackedBytes} bytes` : `not a gzip file: ${msg}`);
  }
  return readTar(tar);
}

export function readTar(tar: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let off = 0;
  let longName: string | undefined;
  while (off + BLOCK <= tar.byteLength) {
    const h = tar.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    checkSum(h, off);
    const size = octal(h.subarray(124, 136), off);
    const type = String.fromCharCode(h[156]!);
    const dataStart = off + BLOCK;
    if (dataStart + size > tar.byteLength) throw new TarError(`truncated archive: entry at byte ${off} needs ${size} bytes`);
    const data = tar.subarray(dataStart, dataStart + size);
    off = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = cString(data);
      continue;
    }
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    if (type === 'g') continue;
    const name = longName ?? headerName(h);
    longName = undefined;
    if (type !== '0' && type !== '\0' && type !== '7') continue; // directories, links, devices
    if (out.length >= TAR_LIMITS.maxEntries) throw new TarError(`archive has more than ${TAR_LIMITS.maxEntries} files`);
    out.push({ name, data: new Uint8Array(data) });
  }
  return out;
}

function headerName(h: Buffer): string {
  const name = cString(h.subarray(0, 100));
  const magic = h.subarray(257, 262).toString('latin1');
  const prefix = magic === 'ustar' ? cString(h.subarray(345, 500)) : '';
  return prefix === '' ? name : `${prefix}/${name}`;
}

function cString(b: Uint8Array): string {
  const end = b.indexOf(0);
  return Buffer.from(end < 0 ? b : b.subarray(0, end)).toString('utf8');
}

function octal(field: Buffer, at: number): number {
  // GNU base-256 sizes (high bit set) only matter beyond 8 GiB, far over our limit.
  if ((field[0]! & 0x80) !== 0) throw new TarError(`entry at byte ${at} is too large`);
  const text = field.toString('latin1').replace(/[\0 ]+$/, '').trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarError(`not a tar archive: bad number in header at byte ${at}`);
  return parseInt(text, 8);
}

function checkSum(h: Buffer, at: number): void {
  const want = octal(h.subarray(148, 156), at);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  if (sum !== want) throw new TarError(`not a tar archive: bad header checksum at byte ${at}`);
}

/** The `path` record of a pax extended header: records `<len> <key>=<value>\n`, len in bytes. */
function paxPath(data: Uint8Array): string | undefined {
  const buf = Buffer.from(data);
  let path: string | undefined;
  let i = 0;
  while (i < buf.byteLength) {
    const sp = buf.indexOf(0x20, i);
    if (sp < 0) break;
    const len = parseInt(buf.subarray(i, sp).toString('latin1'), 10);
    if (!Number.isFinite(len) || len <= sp - i) break;
    const body = buf.subarray(sp + 1, i + len).toString('utf8').replace(/\n$/, '');
    const eq = body.indexOf('=');
    if (eq > 0 && body.slice(0, eq) === 'path') path = body.slice(eq + 1);
    i += len;
  }
  return path;
}
