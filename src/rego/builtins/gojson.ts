// JSON text to Rego values as OPA reads it (Go's encoding/json with numbers kept exact):
// the last of duplicate keys wins, and syntax errors read as Go's do.

import { parseNumber } from '../number.js';
import { RObject, type Value } from '../value.js';

export class JSONSyntaxError extends Error {}

function describe(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  const code = c.codePointAt(0)!;
  if (code < 0x20) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  return `'${c}'`;
}

class Parser {
  private i = 0;

  constructor(private readonly s: string) {}

  parse(): Value {
    this.ws();
    if (this.i >= this.s.length) throw new JSONSyntaxError('unexpected end of JSON input');
    const v = this.value('looking for beginning of value');
    this.ws();
    if (this.i < this.s.length) throw this.bad('after top-level value');
    return v;
  }

  private bad(context: string): JSONSyntaxError {
    if (this.i >= this.s.length) return new JSONSyntaxError('unexpected end of JSON input');
    return new JSONSyntaxError(`invalid character ${describe(String.fromCodePoint(this.s.codePointAt(this.i)!))} ${context}`);
  }

  private ws(): void {
    while (this.i < this.s.length && ' \t\r\n'.includes(this.s[this.i]!)) this.i++;
  }

  private value(context: string): Value {
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (c === word[0]) {
        for (let k = 0; k < word.length; k++, this.i++) {
          if (this.s[this.i] !== word[k]) throw this.bad(`in literal ${word} (expecting '${word[k]}')`);
        }
        return v;
      }
    }
    throw this.bad(context);
  }

  private object(): Value {
    this.i++;
    const o = new RObject();
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return o;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') throw this.bad('looking for beginning of object key string');
      const k = this.string();
      this.ws();
      if (this.s[this.i] !== ':') throw this.bad('after object key');
      this.i++;
      this.ws();
      o.set(k, this.value('looking for beginning of value'));
      this.ws();
      const c = this.s[this.i];
      this.i++;
      if (c === '}') return o;
      if (c !== ',') {
        this.i--;
        throw this.bad('after object key:value pair');
      }
    }
  }

  private array(): Value {
    this.i++;
    const out: Value[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value('looking for beginning of value'));
      this.ws();
      const c = this.s[this.i];
      this.i++;
      if (c === ']') return out;
      if (c !== ',') {
        this.i--;
        throw this.bad('after array element');
      }
    }
  }

  private string(): string {
    this.i++;
    let out = '';
    for (;;) {
      if (this.i >= this.s.length) throw new JSONSyntaxError('unexpected end of JSON input');
      const c = this.s[this.i]!;
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c < ' ') throw this.bad('in string literal');
      if (c !== '\\') {
        out += c;
        this.i++;
        continue;
      }
      this.i++;
      const e = this.s[this.i];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && simple[e] !== undefined) {
        out += simple[e];
        this.i++;
      } else if (e === 'u') {
        const hex = this.s.slice(this.i + 1, this.i + 5);
        for (let k = 0; k < 4; k++) {
          if (!/[0-9a-fA-F]/.test(hex[k] ?? '')) {
            this.i += 1 + k;
            throw this.bad('in \\u hexadecimal character escape');
          }
        }
        out += String.fromCharCode(parseInt(hex, 16));
        this.i += 5;
      } else {
        throw this.bad('in string escape code');
      }
    }
  }

  private number(): Value {
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(this.s.slice(this.i));
    if (m === null) {
      this.i++;
      throw this.bad('in numeric literal');
    }
    this.i += m[0].length;
    return parseNumber(m[0])!;
  }
}

/** Parses JSON text; throws JSONSyntaxError with Go's message. */
export function parseJSON(text: string): Value {
  return new Parser(text).parse();
}

export function isValidJSON(text: string): boolean {
  try {
    parseJSON(text);
    return true;
  } catch {
    return false;
  }
}
