// Go's text/template, as strings.render_template runs it: the variables arrive as Go's JSON
// decoding would make them (json.Number for numbers), a missing map key is an error
// (missingkey=error), and output is printed with fmt's %v.

import { numText } from '../number.js';
import { RObject, RSet, type Value, compareStrings } from '../value.js';
import { BuiltinError } from './registry.js';
import { type GoValue, goSprint, goSprintf, goTypeName } from './gofmt.js';

// ---- lexing ---------------------------------------------------------------------------------

type TokKind = 'text' | 'open' | 'close' | 'space' | 'word' | 'field' | 'var' | 'dot' | 'string' | 'number' | 'char' | 'pipe' | 'lparen' | 'rparen' | 'declare' | 'assign' | 'comma' | 'eof';

interface Tok {
  kind: TokKind;
  text: string;
  pos: number;
}

class TemplateError extends Error {}

function lineOf(src: string, pos: number): number {
  let n = 1;
  for (let i = 0; i < pos && i < src.length; i++) if (src.charCodeAt(i) === 10) n++;
  return n;
}

const SPACE = /[ \t\r\n]/;

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const fail = (msg: string, at: number): never => {
    throw new TemplateError(`template: template:${lineOf(src, at)}: ${msg}`);
  };
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    let textEnd = open < 0 ? src.length : open;
    let inner = open + 2;
    const trimLeft = open >= 0 && src[open + 2] === '-' && SPACE.test(src[open + 3] ?? '');
    if (trimLeft) {
      while (textEnd > i && SPACE.test(src[textEnd - 1]!)) textEnd--;
      inner = open + 4;
    }
    if (textEnd > i) toks.push({ kind: 'text', text: src.slice(i, textEnd), pos: i });
    if (open < 0) break;
    i = inner;
    if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i);
      if (end < 0) fail('unclosed comment', open);
      i = end + 2;
      const trimRight = src.startsWith(' -}}', i);
      if (!trimRight && !src.startsWith('}}', i)) fail('comment ends before closing delimiter', open);
      i += trimRight ? 4 : 2;
      if (trimRight) while (i < src.length && SPACE.test(src[i]!)) i++;
      continue;
    }
    toks.push({ kind: 'open', text: '{{', pos: open });
    i = lexAction(src, i, toks, fail);
  }
  toks.push({ kind: 'eof', text: '', pos: src.length });
  return toks;
}

function lexAction(src: string, i: number, toks: Tok[], fail: (msg: string, at: number) => never): number {
  for (;;) {
    if (i >= src.length) fail('unclosed action', i);
    if (src.startsWith('}}', i) || (src[i] === '-' && src.startsWith('-}}', i) && SPACE.test(src[i - 1] ?? ''))) {
      const trimRight = src[i] === '-';
      toks.push({ kind: 'close', text: '}}', pos: i });
      i += trimRight ? 3 : 2;
      if (trimRight) while (i < src.length && SPACE.test(src[i]!)) i++;
      return i;
    }
    const c = src[i]!;
    const start = i;
    if (SPACE.test(c)) {
      while (i < src.length && SPACE.test(src[i]!)) i++;
      toks.push({ kind: 'space', text: ' ', pos: start });
      continue;
    }
    const simple: Record<string, TokKind> = { '|': 'pipe', '(': 'lparen', ')': 'rparen', ',': 'comma', '=': 'assign' };
    if (src.startsWith(':=', i)) {
      toks.push({ kind: 'declare', text: ':=', pos: i });
      i += 2;
    } else if (simple[c] !== undefined) {
      toks.push({ kind: simple[c]!, text: c, pos: i });
      i++;
    } else if (c === '"' || c === '`' || c === "'") {
      i = lexQuoted(src, i, c, toks, fail);
    } else if (c === '.' && !/[0-9]/.test(src[i + 1] ?? '')) {
      i++;
      const m = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(src.slice(i));
      if (m === null) toks.push({ kind: 'dot', text: '.', pos: start });
      else {
        toks.push({ kind: 'field', text: m[0], pos: start });
        i += m[0].length;
      }
    } else if (c === '$') {
      const m = /^[\p{L}\p{N}_]*/u.exec(src.slice(i + 1))!;
      toks.push({ kind: 'var', text: '$' + m[0], pos: start });
      i += 1 + m[0].length;
    } else if (/[0-9+\-.]/.test(c)) {
      const m = /^[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(\d[\d_]*)?\.?\d*([eE][+-]?\d+)?)/.exec(src.slice(i))!;
      if (m[0] === '' || m[0] === '+' || m[0] === '-') fail(`bad number syntax: "${c}"`, i);
      toks.push({ kind: 'number', text: m[0], pos: start });
      i += m[0].length;
    } else {
      const m = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(src.slice(i));
      if (m === null) fail(`unexpected ${JSON.stringify(c)} in command`, i);
      toks.push({ kind: 'word', text: m![0], pos: start });
      i += m![0].length;
    }
  }
}

function lexQuoted(src: string, i: number, q: string, toks: Tok[], fail: (msg: string, at: number) => never): number {
  const start = i;
  i++;
  while (i < src.length && src[i] !== q) {
    if (src[i] === '\\' && q !== '`') i++;
    else if (src[i] === '\n' && q !== '`') fail('unterminated quoted string', start);
    i++;
  }
  if (i >= src.length) fail(q === '`' ? 'unterminated raw quoted string' : 'unterminated quoted string', start);
  toks.push({ kind: q === "'" ? 'char' : 'string', text: src.slice(start, i + 1), pos: start });
  return i + 1;
}

// ---- parsing --------------------------------------------------------------------------------

type Operand =
  | { t: 'field'; names: string[]; pos: number }
  | { t: 'var'; name: string; names: string[]; pos: number }
  | { t: 'dot'; pos: number }
  | { t: 'nil'; pos: number }
  | { t: 'lit'; value: GoValue; pos: number }
  | { t: 'func'; name: string; pos: number }
  | { t: 'pipe'; pipe: Pipeline; names: string[]; pos: number };

interface Pipeline {
  decl: string[];
  assign: boolean;
  cmds: Operand[][];
  pos: number;
}

interface Control {
  t: 'if' | 'with' | 'range';
  pipe: Pipeline;
  list: Node[];
  elseList: Node[] | undefined;
}

type Node = { t: 'text'; text: string } | { t: 'action'; pipe: Pipeline } | Control | { t: 'break' | 'continue'; pos: number };

const FUNCS = new Set(['and', 'or', 'not', 'len', 'index', 'slice', 'print', 'printf', 'println', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'html', 'js', 'urlquery', 'call']);

class Parser {
  private i = 0;
  private rangeDepth = 0;

  constructor(
    private readonly src: string,
    private readonly toks: Tok[],
  ) {}

  private fail(msg: string, pos: number): never {
    throw new TemplateError(`template: template:${lineOf(this.src, pos)}: ${msg}`);
  }

  private peek(): Tok {
    return this.toks[this.i]!;
  }

  /** The next token that is not a space. */
  private next(): Tok {
    while (this.toks[this.i]!.kind === 'space') this.i++;
    return this.toks[this.i++]!;
  }

  private peekNonSpace(): Tok {
    let j = this.i;
    while (this.toks[j]!.kind === 'space') j++;
    return this.toks[j]!;
  }

  parse(): Node[] {
    const [list, end] = this.list();
    if (end !== 'eof') this.fail(`unexpected {{${end}}}`, this.peek().pos);
    return list;
  }

  /** Nodes up to {{end}}, {{else}} or the end of input; returns which ended the list. */
  private list(): [Node[], string] {
    const nodes: Node[] = [];
    for (;;) {
      const tok = this.toks[this.i++]!;
      if (tok.kind === 'eof') return [nodes, 'eof'];
      if (tok.kind === 'text') {
        nodes.push({ t: 'text', text: tok.text });
        continue;
      }
      const word = this.peekNonSpace();
      if (word.kind === 'word' && (word.text === 'end' || word.text === 'else')) {
        this.next();
        if (word.text === 'end') this.expectClose('end');
        return [nodes, word.text];
      }
      nodes.push(this.action());
    }
  }

  private expectClose(context: string): void {
    const t = this.next();
    if (t.kind !== 'close') this.fail(`unexpected ${describe(t)} in ${context}`, t.pos);
  }

  private action(): Node {
    const t = this.peekNonSpace();
    if (t.kind === 'word') {
      switch (t.text) {
        case 'if':
        case 'with':
        case 'range':
          this.next();
          return this.control(t.text);
        case 'break':
        case 'continue':
          this.next();
          if (this.rangeDepth === 0) this.fail(`{{${t.text}}} outside {{range}}`, t.pos);
          this.expectClose(t.text);
          return { t: t.text, pos: t.pos };
        case 'define':
        case 'template':
        case 'block':
          this.fail(`{{${t.text}}} is not supported`, t.pos);
      }
    }
    return { t: 'action', pipe: this.pipeline('command', true) };
  }

  private control(kind: 'if' | 'with' | 'range'): Node {
    const pipe = this.pipeline(kind, kind === 'range');
    if (kind === 'range') this.rangeDepth++;
    const [list, end] = this.list();
    if (kind === 'range') this.rangeDepth--;
    let elseList: Node[] | undefined;
    if (end === 'eof') this.fail(`unexpected EOF`, this.src.length);
    if (end === 'else') {
      const t = this.peekNonSpace();
      // {{else if ...}} and {{else with ...}} nest a new control inside the else branch.
      if (t.kind === 'word' && (t.text === 'if' || t.text === 'with') && kind !== 'range') {
        this.next();
        elseList = [this.control(t.text)];
      } else {
        this.expectClose('else');
        const [rest, end2] = this.list();
        if (end2 !== 'end') this.fail(`expected end; found {{${end2}}}`, this.peek().pos);
        elseList = rest;
      }
    }
    return { t: kind, pipe, list, elseList };
  }

  private pipeline(context: string, declOk: boolean): Pipeline {
    const pos = this.peekNonSpace().pos;
    const pipe: Pipeline = { decl: [], assign: false, cmds: [], pos };
    this.declarations(pipe, declOk && context === 'range');
    for (;;) {
      const t = this.peekNonSpace();
      if (t.kind === 'close' || t.kind === 'rparen') {
        this.next();
        if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`, t.pos);
        if (t.kind === 'rparen' && context !== 'parenthesized pipeline') this.fail('unexpected right paren', t.pos);
        if (t.kind === 'close' && context === 'parenthesized pipeline') this.fail('unclosed left paren', t.pos);
        return pipe;
      }
      pipe.cmds.push(this.command());
      const after = this.peekNonSpace();
      if (after.kind === 'pipe') this.next();
    }
  }

  /** `$x :=`, `$x =`, or in range `$i, $e :=` at the start of a pipeline. */
  private declarations(pipe: Pipeline, two: boolean): void {
    const save = this.i;
    const names: string[] = [];
    for (;;) {
      const v = this.next();
      if (v.kind !== 'var') break;
      names.push(v.text);
      const op = this.next();
      if (op.kind === 'declare' || op.kind === 'assign') {
        pipe.decl = names;
        pipe.assign = op.kind === 'assign';
        return;
      }
      if (op.kind !== 'comma' || !two || names.length === 2) break;
    }
    this.i = save;
  }

  private command(): Operand[] {
    const ops: Operand[] = [];
    for (;;) {
      const t = this.peekNonSpace();
      if (t.kind === 'close' || t.kind === 'rparen' || t.kind === 'pipe') {
        if (ops.length === 0) this.fail(`missing value for command`, t.pos);
        return ops;
      }
      ops.push(this.operand());
    }
  }

  private operand(): Operand {
    const t = this.next();
    switch (t.kind) {
      case 'field':
        return { t: 'field', names: [t.text, ...this.chain()], pos: t.pos };
      case 'var':
        return { t: 'var', name: t.text, names: this.chain(), pos: t.pos };
      case 'dot':
        return { t: 'dot', pos: t.pos };
      case 'string':
        return { t: 'lit', value: { k: 'string', v: unquote(t.text) }, pos: t.pos };
      case 'char':
        return { t: 'lit', value: { k: 'int', v: BigInt(unquote('"' + t.text.slice(1, -1) + '"').codePointAt(0) ?? 0) }, pos: t.pos };
      case 'number':
        return { t: 'lit', value: numberConstant(t.text, (m) => this.fail(m, t.pos)), pos: t.pos };
      case 'lparen': {
        const pipe = this.pipeline('parenthesized pipeline', false);
        return { t: 'pipe', pipe, names: this.chain(), pos: t.pos };
      }
      case 'word':
        if (t.text === 'true' || t.text === 'false') return { t: 'lit', value: { k: 'bool', v: t.text === 'true' }, pos: t.pos };
        if (t.text === 'nil') return { t: 'nil', pos: t.pos };
        if (!FUNCS.has(t.text)) this.fail(`function ${JSON.stringify(t.text)} not defined`, t.pos);
        return { t: 'func', name: t.text, pos: t.pos };
    }
    this.fail(`unexpected ${describe(t)} in operand`, t.pos);
  }

  /** Field names directly following an operand: `.a.b`. */
  private chain(): string[] {
    const names: string[] = [];
    while (this.peek().kind === 'field') names.push(this.toks[this.i++]!.text);
    return names;
  }
}

function describe(t: Tok): string {
  return t.kind === 'eof' ? 'EOF' : JSON.stringify(t.text);
}

function unquote(text: string): string {
  if (text[0] === '`') return text.slice(1, -1);
  try {
    return JSON.parse(text.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as string;
  } catch {
    throw new TemplateError(`template: template:1: invalid syntax: ${text}`);
  }
}

function numberConstant(text: string, fail: (msg: string) => never): GoValue {
  const clean = text.replace(/_/g, '');
  if (/^[+-]?0[xXbBoO]/.test(clean)) {
    const neg = clean[0] === '-';
    const body = clean.replace(/^[+-]/, '');
    const v = BigInt(body.toLowerCase().startsWith('0o') ? '0o' + body.slice(2) : body);
    return { k: 'int', v: neg ? -v : v };
  }
  if (/^[+-]?\d+$/.test(clean)) return { k: 'int', v: BigInt(clean) };
  const f = Number(clean);
  if (clean === '' || Number.isNaN(f)) fail(`bad number syntax: ${JSON.stringify(text)}`);
  return { k: 'float', v: f };
}

// ---- values ---------------------------------------------------------------------------------

/** The Go value encoding/json (with UseNumber) gives for a Rego value; sets are not JSON. */
function toGo(v: Value): GoValue {
  if (v === null) return { k: 'nil' };
  switch (typeof v) {
    case 'boolean':
      return { k: 'bool', v };
    case 'string':
      return { k: 'string', v };
  }
  if (Array.isArray(v)) return { k: 'slice', v: v.map(toGo) };
  if (v instanceof RObject) {
    const m = new Map<string, GoValue>();
    for (const [k, x] of v.entries()) {
      if (typeof k !== 'string') throw new BuiltinError('invalid character in object key: keys must be strings');
      m.set(k, toGo(x));
    }
    return { k: 'map', v: m };
  }
  if (v instanceof RSet) throw new BuiltinError('sets cannot be decoded as template variables');
  return { k: 'string', v: numText(v), type: 'json.Number' };
}

function truth(x: GoValue): boolean {
  switch (x.k) {
    case 'nil':
      return false;
    case 'bool':
      return x.v;
    case 'int':
    case 'bigint':
      return x.v !== 0n;
    case 'float':
      return x.v !== 0;
    case 'string':
      return x.v !== '';
    case 'slice':
      return x.v.length > 0;
    case 'map':
      return x.v.size > 0;
  }
}

// ---- execution ------------------------------------------------------------------------------

class Flow {
  constructor(readonly kind: 'break' | 'continue') {}
}

class Exec {
  out = '';
  private vars: [string, GoValue][] = [];

  constructor(
    private readonly src: string,
    root: GoValue,
  ) {
    this.vars.push(['$', root]);
  }

  private fail(pos: number, at: string, msg: string): never {
    const before = this.src.slice(0, pos);
    const line = lineOf(this.src, pos);
    const col = pos - (before.lastIndexOf('\n') + 1);
    throw new TemplateError(`template: template:${line}:${col}: executing "template" at <${at}>: ${msg}`);
  }

  /** The innermost variable of that name. */
  private lookup(name: string): [string, GoValue] | undefined {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]![0] === name) return this.vars[i];
    return undefined;
  }

  run(nodes: Node[], dot: GoValue): void {
    for (const n of nodes) this.node(n, dot);
  }

  private node(n: Node, dot: GoValue): void {
    switch (n.t) {
      case 'text':
        this.out += n.text;
        return;
      case 'action': {
        const v = this.pipeline(n.pipe, dot);
        if (n.pipe.decl.length === 0) this.out += v.k === 'nil' ? '<no value>' : goSprint(v);
        return;
      }
      case 'break':
      case 'continue':
        throw new Flow(n.t);
      case 'range':
        return this.range(n, dot);
    }
    const mark = this.vars.length;
    const v = this.pipeline(n.pipe, dot);
    if (truth(v)) this.run(n.list, n.t === 'with' ? v : dot);
    else if (n.elseList) this.run(n.elseList, dot);
    this.vars.length = mark;
  }

  private range(n: Control, dot: GoValue): void {
    const mark = this.vars.length;
    const v = this.pipeline({ ...n.pipe, decl: [] }, dot);
    let items: [GoValue, GoValue][];
    if (v.k === 'slice') items = v.v.map((x, i) => [{ k: 'int', v: BigInt(i) }, x]);
    else if (v.k === 'map') items = [...v.v.keys()].sort(compareStrings).map((k) => [{ k: 'string', v: k }, v.v.get(k)!]);
    else if (v.k === 'int') items = Array.from({ length: Math.max(0, Number(v.v)) }, (_, i) => [{ k: 'int', v: BigInt(i) }, { k: 'int', v: BigInt(i) }]);
    else if (v.k === 'nil') items = [];
    else this.fail(n.pipe.pos, 'range', `range can't iterate over ${goSprint(v)}`);
    for (const [key, elem] of items) {
      const inner = this.vars.length;
      if (n.pipe.decl.length === 1) this.vars.push([n.pipe.decl[0]!, elem]);
      if (n.pipe.decl.length === 2) this.vars.push([n.pipe.decl[0]!, key], [n.pipe.decl[1]!, elem]);
      try {
        this.run(n.list, elem);
      } catch (e) {
        if (!(e instanceof Flow)) throw e;
        if (e.kind === 'break') break;
      } finally {
        this.vars.length = inner;
      }
    }
    if (items.length === 0 && n.elseList) this.run(n.elseList, dot);
    this.vars.length = mark;
  }

  private pipeline(p: Pipeline, dot: GoValue): GoValue {
    let v: GoValue | undefined;
    for (const cmd of p.cmds) v = this.command(cmd, dot, v);
    for (const name of p.decl) {
      if (p.assign) {
        const slot = this.lookup(name);
        if (slot === undefined) this.fail(p.pos, name, `undefined variable: ${name}`);
        slot![1] = v!;
      } else this.vars.push([name, v!]);
    }
    return v!;
  }

  private command(cmd: Operand[], dot: GoValue, final: GoValue | undefined): GoValue {
    const first = cmd[0]!;
    if (first.t === 'func') {
      const args = cmd.slice(1);
      return this.call(first, args, dot, final);
    }
    if (cmd.length > 1 || final !== undefined) this.fail(first.pos, opText(first), `can't give argument to non-function ${opText(first)}`);
    if (first.t === 'nil') this.fail(first.pos, 'nil', 'nil is not a command');
    return this.operand(first, dot);
  }

  private operand(op: Operand, dot: GoValue): GoValue {
    switch (op.t) {
      case 'dot':
        return dot;
      case 'nil':
        return { k: 'nil' };
      case 'lit':
        return op.value;
      case 'field':
        return this.fields(dot, op.names, op);
      case 'var': {
        const slot = this.lookup(op.name);
        if (slot === undefined) this.fail(op.pos, op.name, `undefined variable: ${op.name}`);
        return this.fields(slot![1], op.names, op);
      }
      case 'pipe':
        return this.fields(this.pipeline(op.pipe, dot), op.names, op);
      case 'func':
        return this.call(op, [], dot, undefined);
    }
  }

  private fields(v: GoValue, names: string[], op: Operand): GoValue {
    for (const name of names) {
      if (v.k === 'map') {
        const next = v.v.get(name);
        if (next === undefined) this.fail(op.pos, opText(op), `map has no entry for key ${JSON.stringify(name)}`);
        v = next!;
      } else if (v.k === 'nil') this.fail(op.pos, opText(op), `nil pointer evaluating interface {}.${name}`);
      else this.fail(op.pos, opText(op), `can't evaluate field ${name} in type ${goTypeName(v)}`);
    }
    return v;
  }

  private call(fn: Extract<Operand, { t: 'func' }>, argOps: Operand[], dot: GoValue, final: GoValue | undefined): GoValue {
    const lazy = argOps.map((a) => () => this.operand(a, dot));
    if (final !== undefined) lazy.push(() => final);
    const fail = (msg: string): never => this.fail(fn.pos, fn.name, `error calling ${fn.name}: ${msg}`);
    if (fn.name === 'and' || fn.name === 'or') {
      if (lazy.length === 0) this.fail(fn.pos, fn.name, `wrong number of args for ${fn.name}: want at least 1 got 0`);
      let v: GoValue = { k: 'nil' };
      for (const arg of lazy) {
        v = arg();
        if (truth(v) === (fn.name === 'or')) return v;
      }
      return v;
    }
    return callFunction(fn.name, lazy.map((f) => f()), fail, (msg) => this.fail(fn.pos, fn.name, msg));
  }
}

function opText(op: Operand): string {
  switch (op.t) {
    case 'field':
      return '.' + op.names.join('.');
    case 'var':
      return [op.name, ...op.names].join('.');
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'lit':
      return goSprint(op.value);
    case 'func':
      return op.name;
    case 'pipe':
      return '(...)';
  }
}

// ---- functions ------------------------------------------------------------------------------

type Kind = 'bool' | 'int' | 'float' | 'string';

function basicKind(x: GoValue): Kind | undefined {
  switch (x.k) {
    case 'bool':
    case 'float':
    case 'string':
      return x.k;
    case 'int':
    case 'bigint':
      return 'int';
  }
  return undefined;
}

function compare(a: GoValue, b: GoValue, fail: (msg: string) => never): number {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka === undefined || kb === undefined) fail('invalid type for comparison');
  if (ka !== kb) fail('incompatible types for comparison');
  const x = (a as { v: unknown }).v as string | number | bigint | boolean;
  const y = (b as { v: unknown }).v as string | number | bigint | boolean;
  if (ka === 'string') return compareStrings(x as string, y as string);
  return x < y ? -1 : x > y ? 1 : 0;
}

function equal(a: GoValue, b: GoValue, fail: (msg: string) => never): boolean {
  if (a.k === 'nil' || b.k === 'nil') return a.k === b.k;
  if (basicKind(a) === undefined) fail(`non-comparable type ${goSprint(a)}: ${goTypeName(a)}`);
  if (basicKind(b) === undefined) fail(`non-comparable type ${goSprint(b)}: ${goTypeName(b)}`);
  return compare(a, b, fail) === 0;
}

function sprint(args: GoValue[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    // Sprint puts spaces between operands when neither side is a string.
    if (i > 0 && args[i]!.k !== 'string' && args[i - 1]!.k !== 'string') out += ' ';
    out += goSprint(args[i]!);
  }
  return out;
}

function lengthOf(x: GoValue, fail: (msg: string) => never): GoValue {
  if (x.k === 'string') return { k: 'int', v: BigInt(new TextEncoder().encode(x.v).length) };
  if (x.k === 'slice') return { k: 'int', v: BigInt(x.v.length) };
  if (x.k === 'map') return { k: 'int', v: BigInt(x.v.size) };
  return fail(`len of type ${goTypeName(x)}`);
}

function index(item: GoValue, keys: GoValue[], fail: (msg: string) => never): GoValue {
  for (const key of keys) {
    if (item.k === 'map') {
      if (key.k !== 'string') fail(`value has type ${goTypeName(key)}; should be string`);
      item = item.v.get((key as { v: string }).v) ?? { k: 'nil' };
    } else if (item.k === 'slice' || item.k === 'string') {
      if (key.k !== 'int') fail(`cannot index slice/array with type ${goTypeName(key)}`);
      const i = Number((key as { v: bigint }).v);
      const len = item.k === 'slice' ? item.v.length : new TextEncoder().encode(item.v).length;
      if (i < 0 || i >= len) fail(`index out of range: ${i}`);
      item = item.k === 'slice' ? item.v[i]! : { k: 'int', v: BigInt(new TextEncoder().encode(item.v)[i]!) };
    } else if (item.k === 'nil') fail('index of untyped nil');
    else fail(`can't index item of type ${goTypeName(item)}`);
  }
  return item;
}

function escapeHTML(s: string): string {
  return s.replace(/[<>&'"\0]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\uFFFD' })[c]!);
}

function escapeJS(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\' || ch === "'" || ch === '"') out += '\\' + ch;
    else if (ch === '<') out += '\\u003C';
    else if (ch === '>') out += '\\u003E';
    else if (ch === '&') out += '\\u0026';
    else if (ch === '=') out += '\\u003D';
    else if (c < 0x20) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    else out += ch;
  }
  return out;
}

function callFunction(name: string, args: GoValue[], fail: (msg: string) => never, argError: (msg: string) => never): GoValue {
  const want = (n: number) => {
    if (args.length !== n) argError(`wrong number of args for ${name}: want ${n} got ${args.length}`);
  };
  const str = (s: string): GoValue => ({ k: 'string', v: s });
  switch (name) {
    case 'not':
      want(1);
      return { k: 'bool', v: !truth(args[0]!) };
    case 'len':
      want(1);
      return lengthOf(args[0]!, fail);
    case 'index':
      if (args.length === 0) argError('wrong number of args for index: want at least 1 got 0');
      return index(args[0]!, args.slice(1), fail);
    case 'print':
      return str(sprint(args));
    case 'println':
      return str(args.map(goSprint).join(' ') + '\n');
    case 'printf':
      if (args.length === 0 || args[0]!.k !== 'string') argError('wrong number of args for printf: want at least 1 got 0');
      return str(goSprintf((args[0] as { v: string }).v, args.slice(1)));
    case 'eq':
      if (args.length < 2) argError('missing argument for comparison');
      return { k: 'bool', v: args.slice(1).some((b) => equal(args[0]!, b, fail)) };
    case 'ne':
      want(2);
      return { k: 'bool', v: !equal(args[0]!, args[1]!, fail) };
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      want(2);
      const c = compare(args[0]!, args[1]!, fail);
      return { k: 'bool', v: name === 'lt' ? c < 0 : name === 'le' ? c <= 0 : name === 'gt' ? c > 0 : c >= 0 };
    }
    case 'html':
      return str(escapeHTML(sprint(args)));
    case 'js':
      return str(escapeJS(sprint(args)));
    case 'urlquery':
      return str(encodeURIComponent(sprint(args)).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()));
    case 'slice':
      return sliceOf(args, fail);
  }
  return fail(`${name} is not callable here`);
}

function sliceOf(args: GoValue[], fail: (msg: string) => never): GoValue {
  const [item, ...idx] = args;
  if (item === undefined) return fail('wrong number of args for slice: want at least 1 got 0');
  if (item.k !== 'slice' && item.k !== 'string') fail(`can't slice item of type ${goTypeName(item)}`);
  const len = item.k === 'slice' ? item.v.length : item.v.length;
  const bounds = idx.map((x) => (x.k === 'int' ? Number(x.v) : fail(`cannot index slice/array with type ${goTypeName(x)}`)));
  const lo = bounds[0] ?? 0;
  const hi = bounds[1] ?? len;
  if (lo < 0 || hi < lo || hi > len) fail(`index out of range: ${hi}`);
  return item.k === 'slice' ? { k: 'slice', v: item.v.slice(lo, hi) } : { k: 'string', v: item.v.slice(lo, hi) };
}

/** Renders a template with the given variables; failures are built-in errors. */
export function renderTemplate(template: string, vars: RObject): string {
  const root = toGo(vars);
  try {
    const nodes = new Parser(template, lex(template)).parse();
    const exec = new Exec(template, root);
    exec.run(nodes, root);
    return exec.out;
  } catch (e) {
    if (e instanceof TemplateError) throw new BuiltinError(e.message);
    throw e;
  }
}
