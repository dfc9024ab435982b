// A small DER reader: enough of ASN.1 to walk certificates, CSRs and keys field by field, as
// Go's x509 package does, where Node's crypto gives only summaries.

export class Asn1Error extends Error {}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  NUMERIC: 0x12,
  PRINTABLE: 0x13,
  T61: 0x14,
  IA5: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  BMP: 0x1e,
} as const;

/** One tag-length-value element. `tag` is the whole identifier octet (class, constructed, number). */
export interface Tlv {
  tag: number;
  /** The content octets. */
  body: Uint8Array;
  /** The whole encoding, header included. */
  raw: Uint8Array;
}

export class DerReader {
  private pos = 0;

  constructor(
    private readonly buf: Uint8Array,
    private readonly err = 'asn1: syntax error',
  ) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** The rest of the input, unread. */
  get rest(): Uint8Array {
    return this.buf.subarray(this.pos);
  }

  peekTag(): number | undefined {
    return this.done ? undefined : this.buf[this.pos];
  }

  read(expected?: number): Tlv {
    const start = this.pos;
    const b = this.buf;
    if (start + 2 > b.length) throw new Asn1Error(this.err);
    const tag = b[start]!;
    if ((tag & 0x1f) === 0x1f) throw new Asn1Error(this.err);
    let len = b[start + 1]!;
    let p = start + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4 || p + n > b.length) throw new Asn1Error(this.err);
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + b[p + i]!;
      p += n;
    }
    if (p + len > b.length) throw new Asn1Error(this.err);
    if (expected !== undefined && tag !== expected) throw new Asn1Error(this.err);
    this.pos = p + len;
    return { tag, body: b.subarray(p, p + len), raw: b.subarray(start, p + len) };
  }

  /** Reads the element when it has the given tag; otherwise leaves the input as is. */
  optional(tag: number): Tlv | undefined {
    return this.peekTag() === tag ? this.read() : undefined;
  }
}

export function children(t: Tlv, err?: string): DerReader {
  return new DerReader(t.body, err);
}

export function oidArcs(body: Uint8Array): number[] {
  const arcs: number[] = [];
  let v = 0;
  for (let i = 0; i < body.length; i++) {
    v = v * 128 + (body[i]! & 0x7f);
    if (!(body[i]! & 0x80)) {
      if (arcs.length === 0) {
        const first = v < 80 ? Math.floor(v / 40) : 2;
        arcs.push(first, v - first * 40);
      } else arcs.push(v);
      v = 0;
    }
  }
  return arcs;
}

export function oidText(body: Uint8Array): string {
  return oidArcs(body).join('.');
}

export function bigFromBytes(body: Uint8Array, signed = true): bigint {
  let x = 0n;
  for (const b of body) x = (x << 8n) | BigInt(b);
  if (signed && body.length > 0 && body[0]! & 0x80) x -= 1n << BigInt(body.length * 8);
  return x;
}

export function bitStringBytes(t: Tlv): Uint8Array {
  return t.body.subarray(1);
}

/** Decodes the string types Go's x509 accepts in names. */
export function asn1String(t: Tlv): string {
  switch (t.tag) {
    case TAG.UTF8:
    case TAG.PRINTABLE:
    case TAG.IA5:
    case TAG.NUMERIC:
      return Buffer.from(t.body).toString('utf8');
    case TAG.T61:
      return Buffer.from(t.body).toString('latin1');
    case TAG.BMP: {
      let s = '';
      for (let i = 0; i + 1 < t.body.length; i += 2) s += String.fromCharCode((t.body[i]! << 8) | t.body[i + 1]!);
      return s;
    }
    default:
      throw new Asn1Error('x509: invalid RDNSequence: invalid attribute value: unsupported string type');
  }
}

/** An ASN.1 time as RFC 3339 text (Go's time.Time JSON form). */
export function asn1Time(t: Tlv): string {
  const s = Buffer.from(t.body).toString('latin1');
  let m: RegExpExecArray | null;
  if (t.tag === TAG.UTC_TIME) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
    if (m === null) throw new Asn1Error('x509: malformed validity');
    const yy = Number(m[1]);
    const year = yy < 50 ? 2000 + yy : 1900 + yy;
    return `${year}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
  }
  m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/.exec(s);
  if (t.tag !== TAG.GENERALIZED_TIME || m === null) throw new Asn1Error('x509: malformed validity');
  const frac = m[7] === undefined ? '' : '.' + m[7].replace(/0+$/, '');
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${frac === '.' ? '' : frac}Z`;
}
