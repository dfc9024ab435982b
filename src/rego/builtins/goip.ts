// Go's net.IP / net.IPNet as OPA's CIDR built-ins use them. Go keeps IPv4 addresses both as
// 4-byte and as 16-byte (v4-in-v6) slices and switches between them; the results (what an IP
// prints as, what a network contains) depend on that, so the byte lengths are kept here too.

export type IP = Uint8Array;

export interface IPNet {
  ip: IP;
  mask: IP;
}

const V4_IN_V6 = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff);

export function to4(ip: IP): IP | null {
  if (ip.length === 4) return ip;
  if (ip.length === 16 && V4_IN_V6.every((b, i) => ip[i] === b)) return ip.slice(12);
  return null;
}

function v4in6(a: number, b: number, c: number, d: number): IP {
  const ip = new Uint8Array(16);
  ip.set(V4_IN_V6);
  ip.set([a, b, c, d], 12);
  return ip;
}

function parseIPv4(s: string): number[] | null {
  const fields = s.split('.');
  if (fields.length !== 4) return null;
  const out: number[] = [];
  for (const f of fields) {
    if (!/^[0-9]{1,3}$/.test(f) || (f.length > 1 && f[0] === '0')) return null;
    const n = Number(f);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function parseIPv6(s: string): IP | null {
  const ip = new Uint8Array(16);
  let i = 0;
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return ip;
  }
  while (i < 16) {
    const m = /^[0-9a-fA-F]{1,4}/.exec(s);
    if (m === null || /^[0-9a-fA-F]/.test(s.slice(m[0].length))) return null;
    if (s[m[0].length] === '.') {
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return null;
      const v4 = parseIPv4(s);
      if (v4 === null) return null;
      ip.set(v4, i);
      i += 4;
      s = '';
      break;
    }
    const g = parseInt(m[0], 16);
    ip[i] = g >> 8;
    ip[i + 1] = g & 0xff;
    i += 2;
    s = s.slice(m[0].length);
    if (s === '') break;
    if (s[0] !== ':' || s.length === 1) return null;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const n = 16 - i;
    ip.copyWithin(ellipsis + n, ellipsis, i);
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) {
    return null;
  }
  return ip;
}

interface Addr {
  ip: IP;
  is4: boolean;
}

function parseAddr(s: string): Addr | null {
  if (s.includes(':')) {
    const ip = parseIPv6(s);
    return ip === null ? null : { ip, is4: false };
  }
  const v4 = parseIPv4(s);
  return v4 === null ? null : { ip: v4in6(v4[0]!, v4[1]!, v4[2]!, v4[3]!), is4: true };
}

/** net.ParseIP: a 16-byte address, or null. */
export function parseIP(s: string): IP | null {
  return parseAddr(s)?.ip ?? null;
}

export class CIDRError extends Error {}

function cidrMask(ones: number, bits: number): IP {
  const m = new Uint8Array(bits / 8);
  for (let i = 0; i < m.length; i++) {
    const n = Math.max(0, Math.min(8, ones - i * 8));
    m[i] = (0xff << (8 - n)) & 0xff;
  }
  return m;
}

/** net.ParseCIDR: the address as written and its network. */
export function parseCIDR(s: string): { ip: IP; net: IPNet } {
  const slash = s.indexOf('/');
  const fail = () => new CIDRError('invalid CIDR address: ' + s);
  if (slash < 0) throw fail();
  const addr = parseAddr(s.slice(0, slash));
  const prefix = s.slice(slash + 1);
  if (addr === null) throw fail();
  const bits = addr.is4 ? 32 : 128;
  if (!/^[0-9]+$/.test(prefix) || prefix.length > 8 || Number(prefix) > bits) throw fail();
  const mask = cidrMask(Number(prefix), bits);
  return { ip: addr.ip, net: { ip: maskIP(addr.ip, mask)!, mask } };
}

/** IP.Mask, with Go's conversions between 4- and 16-byte forms. */
export function maskIP(ip: IP, mask: IP): IP | null {
  if (mask.length === 16 && ip.length === 4 && mask.subarray(0, 12).every((b) => b === 0xff)) mask = mask.slice(12);
  if (mask.length === 4 && ip.length === 16 && V4_IN_V6.every((b, i) => ip[i] === b)) ip = ip.slice(12);
  if (ip.length !== mask.length) return null;
  return ip.map((b, i) => b & mask[i]!);
}

function networkAndMask(n: IPNet): [IP, IP] | null {
  let ip = to4(n.ip);
  if (ip === null) {
    ip = n.ip;
    if (ip.length !== 16) return null;
  }
  let m = n.mask;
  if (m.length === 4) {
    if (ip.length !== 4) return null;
  } else if (m.length === 16) {
    if (ip.length === 4) m = m.slice(12);
  } else return null;
  return [ip, m];
}

export function contains(n: IPNet, ip: IP): boolean {
  const nm = networkAndMask(n);
  if (nm === null) return false;
  const [nn, m] = nm;
  const x = to4(ip) ?? ip;
  if (x.length !== nn.length) return false;
  for (let i = 0; i < x.length; i++) if ((nn[i]! & m[i]!) !== (x[i]! & m[i]!)) return false;
  return true;
}

/** Leading ones of a canonical mask. */
function maskSize(mask: IP): number {
  let ones = 0;
  for (const b of mask) {
    if (b === 0xff) ones += 8;
    else {
      let x = b;
      while (x & 0x80) {
        ones++;
        x = (x << 1) & 0xff;
      }
      break;
    }
  }
  return ones;
}

function v6Text(ip: IP): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip[i]! << 8) | ip[i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return hex.slice(0, bestStart).join(':') + '::' + hex.slice(bestStart + bestLen).join(':');
}

/** IP.String. */
export function ipText(ip: IP): string {
  const v4 = to4(ip);
  if (v4 !== null) return Array.from(v4).join('.');
  return v6Text(ip);
}

/** IPNet.String. */
export function netText(n: IPNet): string {
  const nm = networkAndMask(n);
  if (nm === null) return '<nil>';
  return ipText(nm[0]) + '/' + maskSize(nm[1]);
}

export function toBig(ip: IP): bigint {
  let x = 0n;
  for (const b of ip) x = (x << 8n) | BigInt(b);
  return x;
}

export function fromBig(x: bigint, len: number): IP {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** The last address of a network, as OPA's getLastIP. */
export function lastIP(n: IPNet): IP {
  const ones = maskSize(n.mask);
  const bits = n.mask.length * 8;
  if (ones === bits) return n.ip;
  const last = toBig(n.ip) | ((1n << BigInt(bits - ones)) - 1n);
  return fromBig(last, bits / 8);
}

/** Go's classful default mask of an IPv4 address. */
export function defaultMask(ip: IP): IP | null {
  const v4 = to4(ip);
  if (v4 === null) return null;
  if (v4[0]! < 0x80) return cidrMask(8, 32);
  if (v4[0]! < 0xc0) return cidrMask(16, 32);
  return cidrMask(24, 32);
}
