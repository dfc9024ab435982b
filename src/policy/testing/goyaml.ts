// YAML text as go-yaml v3's Marshal writes it (4-space indent, block style, map keys in its
// "natural" order, strings quoted only when they would read back as something else). CircleCI's
// test runner compares expected and actual decisions as this text, so the same rendering makes
// the same tests pass and fail, with the same diffs.

export type PlainValue = string | number | bigint | boolean | null | undefined | PlainValue[] | { [key: string]: PlainValue };

const INDENT = 4;

export function goYAML(value: PlainValue): string {
  if (isEmptyOrScalar(value)) {
    const text = scalar(value);
    if (typeof value === 'string' && usesLiteral(value)) return literal(value, INDENT, text).join('\n') + '\n';
    return text + '\n';
  }
  return block(value, 0).join('\n') + '\n';
}

function isEmptyOrScalar(v: PlainValue): boolean {
  if (v === null || v === undefined || typeof v !== 'object') return true;
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}

/** Lines of a non-empty map or sequence, each indented to `col`. */
function block(v: PlainValue, col: number): string[] {
  const pad = ' '.repeat(col);
  const out: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isEmptyOrScalar(item)) out.push(...entry(`${pad}- `, item, col));
      else {
        const inner = block(item, col + 2);
        out.push(`${pad}- ${inner[0]!.slice(col + 2)}`, ...inner.slice(1));
      }
    }
    return out;
  }
  const obj = v as Record<string, PlainValue>;
  for (const key of Object.keys(obj).filter((k) => obj[k] !== undefined).sort(naturalCompare)) {
    const val = obj[key];
    const head = `${pad}${scalar(key)}:`;
    if (isEmptyOrScalar(val)) out.push(...entry(head + ' ', val, col));
    else out.push(head, ...block(val, col + INDENT));
  }
  return out;
}

/** `prefix` followed by a scalar (or `{}` / `[]`), a multi-line string as a literal block. */
function entry(prefix: string, v: PlainValue, col: number): string[] {
  const text = scalar(v);
  if (typeof v === 'string' && usesLiteral(v)) return literal(v, col + INDENT, prefix + text);
  return [prefix + text];
}

function literal(s: string, col: number, header: string): string[] {
  const pad = ' '.repeat(col);
  const body = s.replace(/\n+$/, '');
  return [header, ...body.split('\n').map((l) => (l === '' ? '' : pad + l))];
}

// ---- scalars ------------------------------------------------------------------------------------

export function scalar(v: PlainValue): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return '[]';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return goFloat(v);
    case 'string':
      return stringScalar(v);
    default:
      return '{}';
  }
}

function goFloat(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  // strconv.FormatFloat(f, 'g', -1, 64): exponent form below 1e-4 and from 1e21.
  const [mant, exp] = n.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 21) return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(n);
}

function usesLiteral(s: string): boolean {
  return s.includes('\n') && !/[ \t]\n|[ \t]$/.test(s) && !SPECIAL.test(s.replace(/\n/g, ''));
}

/** Characters the emitter will only write double-quoted (escaped). */
const SPECIAL = /[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ufeff\ud800-\udfff\ufffe\uffff\t]/;

function stringScalar(s: string): string {
  if (s.includes('\n')) return usesLiteral(s) ? (s.endsWith('\n') ? (/\n\n$/.test(s) ? '|+' : '|') : '|-') : doubleQuoted(s);
  if (SPECIAL.test(s)) return doubleQuoted(s);
  if (readsAsOther(s)) return doubleQuoted(s);
  if (plainAllowed(s)) return s;
  return `'${s.replace(/'/g, "''")}'`;
}

function plainAllowed(s: string): boolean {
  if (s === '' || /^[\s]|[\s]$/.test(s)) return false;
  if (/^[#,[\]{}&*!|>'"%@`]/.test(s)) return false;
  if (/^[-?:](\s|$)/.test(s) || s.startsWith('---') || s.startsWith('...')) return false;
  return !(/: |:$| #/.test(s));
}

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const BOOLS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
const OLD_BOOLS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const SPECIAL_FLOATS = new Set(['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '.nan', '.NaN', '.NAN']);

/** Whether go-yaml would read the plain text as null, a bool, a number or a timestamp. */
function readsAsOther(s: string): boolean {
  if (NULLS.has(s) || BOOLS.has(s) || OLD_BOOLS.has(s) || SPECIAL_FLOATS.has(s) || s === '<<') return true;
  if (!/^[-+.0-9]/.test(s)) return false;
  const plain = s.replace(/_/g, '');
  if (/^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$/.test(plain)) return true;
  if (/^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(plain)) return true;
  if (/^[-+]?(inf|infinity|nan)$/i.test(plain)) return true;
  if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/.test(s)) return true; // base 60
  return /^\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[-+]\d{1,2}(:\d{2})?)?)?$/.test(s);
}

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const esc = ESCAPES[ch];
    if (esc !== undefined) out += esc;
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xfeff || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) {
      out += c <= 0xff ? '\\x' + hex(c, 2) : '\\u' + hex(c, 4);
    } else out += ch;
  }
  return out + '"';
}

const ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\x0b': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\x1b': '\\e',
  '"': '\\"',
  '\\': '\\\\',
  '\x85': '\\N',
  '\xa0': '\\_',
  '\u2028': '\\L',
  '\u2029': '\\P',
};

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

// ---- key order ----------------------------------------------------------------------------------

const isDigit = (c: string) => c >= '0' && c <= '9';
const isLetter = (c: string) => /\p{L}/u.test(c);

/** go-yaml's key order: runs of digits compare as numbers, letters before other characters. */
export function naturalCompare(a: string, b: string): number {
  const ar = [...a];
  const br = [...b];
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i]!);
      continue;
    }
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]! ? -1 : 1;
    if (al || bl) return (digits ? al : bl) ? -1 : 1;
    return numericRun(ar, br, i);
  }
  return ar.length - br.length;
}

function numericRun(ar: string[], br: string[], i: number): number {
  let an = 0n;
  let bn = 0n;
  if (ar[i] === '0' || br[i] === '0') {
    for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
      if (ar[j] !== '0') {
        an = 1n;
        bn = 1n;
        break;
      }
    }
  }
  let ai = i;
  let bi = i;
  for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10n + BigInt(ar[ai]!.charCodeAt(0) - 48);
  for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10n + BigInt(br[bi]!.charCodeAt(0) - 48);
  if (an !== bn) return an < bn ? -1 : 1;
  if (ai !== bi) return ai - bi;
  return ar[i]! < br[i]! ? -1 : 1;
}
