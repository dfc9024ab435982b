// A GraphQL lexer and parser that behave as gqlparser (the Go library OPA vendors): the same
// syntax errors at the same positions, and documents in the shape of its Go structs, field
// names included, since OPA hands those structs to policies as JSON.

export interface Position {
  Line: number;
  Column: number;
}

export class GraphQLError extends Error {
  constructor(
    message: string,
    readonly pos: Position | null,
  ) {
    super(message);
  }
}

// ---- AST: field names as in gqlparser's Go structs ---------------------------------------------

export interface TypeRef {
  NamedType: string;
  Elem: TypeRef | null;
  NonNull: boolean;
  Position: Position | null;
}

export const enum ValueKind {
  Variable = 0,
  Int = 1,
  Float = 2,
  String = 3,
  Block = 4,
  Boolean = 5,
  Null = 6,
  Enum = 7,
  List = 8,
  Object = 9,
}

export interface GValue {
  Raw: string;
  Children: ChildValue[] | null;
  Kind: ValueKind;
  Position: Position | null;
}

export interface ChildValue {
  Name: string;
  Value: GValue | null;
  Position: Position | null;
}

export interface Argument {
  Name: string;
  Value: GValue | null;
  Position: Position | null;
}

export interface Directive {
  Name: string;
  Arguments: Argument[] | null;
  Position: Position | null;
  Location: string;
}

export interface Field {
  kind: 'Field';
  Alias: string;
  Name: string;
  Arguments: Argument[] | null;
  Directives: Directive[] | null;
  SelectionSet: Selection[] | null;
  Position: Position | null;
}

export interface FragmentSpread {
  kind: 'FragmentSpread';
  Name: string;
  Directives: Directive[] | null;
  Position: Position | null;
}

export interface InlineFragment {
  kind: 'InlineFragment';
  TypeCondition: string;
  Directives: Directive[] | null;
  SelectionSet: Selection[] | null;
  Position: Position | null;
}

export type Selection = Field | FragmentSpread | InlineFragment;

export interface VariableDefinition {
  Variable: string;
  Type: TypeRef | null;
  DefaultValue: GValue | null;
  Directives: Directive[] | null;
  Position: Position | null;
  Used: boolean;
}

export interface OperationDefinition {
  Operation: string;
  Name: string;
  VariableDefinitions: VariableDefinition[] | null;
  Directives: Directive[] | null;
  SelectionSet: Selection[] | null;
  Position: Position | null;
}

export interface FragmentDefinition {
  Name: string;
  VariableDefinition: VariableDefinition[] | null;
  TypeCondition: string;
  Directives: Directive[] | null;
  SelectionSet: Selection[] | null;
  Position: Position | null;
}

export interface QueryDocument {
  Operations: OperationDefinition[] | null;
  Fragments: FragmentDefinition[] | null;
  Position: Position | null;
}

export interface ArgumentDefinition {
  Description: string;
  Name: string;
  DefaultValue: GValue | null;
  Type: TypeRef | null;
  Directives: Directive[] | null;
  Position: Position | null;
}

export interface FieldDefinition extends ArgumentDefinition {
  Arguments: ArgumentDefinition[] | null;
}

export interface EnumValueDefinition {
  Description: string;
  Name: string;
  Directives: Directive[] | null;
  Position: Position | null;
}

export interface Definition {
  Kind: string;
  Description: string;
  Name: string;
  Directives: Directive[] | null;
  Interfaces: string[] | null;
  Fields: FieldDefinition[] | null;
  Types: string[] | null;
  EnumValues: EnumValueDefinition[] | null;
  Position: Position | null;
  BuiltIn: boolean;
}

export interface DirectiveDefinition {
  Description: string;
  Name: string;
  Arguments: ArgumentDefinition[] | null;
  Locations: string[] | null;
  IsRepeatable: boolean;
  Position: Position | null;
}

export interface OperationTypeDefinition {
  Operation: string;
  Type: string;
  Position: Position | null;
}

export interface SchemaDefinition {
  Description: string;
  Directives: Directive[] | null;
  OperationTypes: OperationTypeDefinition[] | null;
  Position: Position | null;
}

export interface SchemaDocument {
  Schema: SchemaDefinition[] | null;
  SchemaExtension: SchemaDefinition[] | null;
  Directives: DirectiveDefinition[] | null;
  Definitions: Definition[] | null;
  Extensions: Definition[] | null;
  Position: Position | null;
}

// ---- lexer ---------------------------------------------------------------------------------------

type Kind =
  | '<Invalid>' | '<EOF>' | '!' | '$' | '&' | '(' | ')' | '...' | ':' | '=' | '@' | '[' | ']' | '{' | '}' | '|'
  | 'Name' | 'Int' | 'Float' | 'String' | 'BlockString';

interface Token {
  kind: Kind;
  value: string;
  pos: Position;
}

function tokenText(t: Token): string {
  return t.value !== '' ? `${t.kind} ${JSON.stringify(t.value)}` : t.kind;
}

const PUNCT = new Set(['!', '$', '&', '(', ')', ':', '=', '@', '[', ']', '{', '}', '|']);

/** Leading blanks of a line, or Infinity for a blank line. */
function leadingWhitespace(line: string): number {
  const m = /^[ \t]*/.exec(line)![0].length;
  return m === line.length ? Infinity : m;
}

/** Dedents a block string as gqlparser does (its first line counts towards the common indent too). */
function blockStringValue(raw: string): string {
  const lines = raw.split('\n');
  const common = Math.min(...lines.map(leadingWhitespace));
  if (common !== Infinity) for (let i = 1; i < lines.length; i++) lines[i] = lines[i]!.length < common ? '' : lines[i]!.slice(common);
  let start = 0;
  let end = lines.length;
  while (start < end && leadingWhitespace(lines[start]!) === Infinity) start++;
  while (start < end && leadingWhitespace(lines[end - 1]!) === Infinity) end--;
  return lines.slice(start, end).join('\n');
}

class Lexer {
  private readonly src: string[];
  private start = 0;
  private end = 0;
  private line = 1;
  private lineStart = 0;

  constructor(input: string) {
    this.src = Array.from(input);
  }

  private token(kind: Kind, value: string, startAdjust = 0): Token {
    return { kind, value, pos: { Line: this.line, Column: this.start + startAdjust - this.lineStart + 1 } };
  }

  private fail(message: string): [Token, GraphQLError] {
    const pos = { Line: this.line, Column: this.end - this.lineStart + 1 };
    return [{ kind: '<Invalid>', value: '', pos }, new GraphQLError(message, pos)];
  }

  private ws(): void {
    const s = this.src;
    while (this.end < s.length) {
      const c = s[this.end]!;
      if (c === '\t' || c === ' ' || c === ',' || c === '\ufeff') this.end++;
      else if (c === '\n' || c === '\r') {
        this.end++;
        if (c === '\r' && s[this.end] === '\n') this.end++;
        this.line++;
        this.lineStart = this.end;
      } else return;
    }
  }

  read(): [Token, GraphQLError | null] {
    const s = this.src;
    this.ws();
    this.start = this.end;
    if (this.end >= s.length) return [this.token('<EOF>', ''), null];
    const c = s[this.start]!;
    this.end++;
    if (PUNCT.has(c)) return [this.token(c as Kind, ''), null];
    if (c === '.' && s[this.start + 1] === '.' && s[this.start + 2] === '.') {
      this.end += 2;
      return [this.token('...', ''), null];
    }
    if (c === '#') {
      while (this.end < s.length && s[this.end] !== '\n' && s[this.end] !== '\r') this.end++;
      return this.read();
    }
    if (/[_A-Za-z]/.test(c)) {
      while (this.end < s.length && /[_0-9A-Za-z]/.test(s[this.end]!)) this.end++;
      return [this.token('Name', s.slice(this.start, this.end).join('')), null];
    }
    if (c === '-' || (c >= '0' && c <= '9')) return this.readNumber();
    if (c === '"') return s[this.start + 1] === '"' && s[this.start + 2] === '"' ? this.readBlockString() : this.readString();
    this.end--;
    const code = c.codePointAt(0)!;
    if (code < 0x20 && c !== '\t' && c !== '\n' && c !== '\r')
      return this.fail(`Cannot contain the invalid character "\\u${String(code).padStart(4, '0')}"`);
    if (c === "'") return this.fail(`Unexpected single quote character ('), did you mean to use a double quote (")?`);
    return this.fail(`Cannot parse the unexpected character "${c}".`);
  }

  private digits(): number {
    let n = 0;
    while (this.end < this.src.length && this.src[this.end]! >= '0' && this.src[this.end]! <= '9') {
      this.end++;
      n++;
    }
    return n;
  }

  private accept(...cs: string[]): boolean {
    if (this.end < this.src.length && cs.includes(this.src[this.end]!)) {
      this.end++;
      return true;
    }
    return false;
  }

  private describeNext(): string {
    return this.end < this.src.length ? `"${this.src[this.end]}"` : '<EOF>';
  }

  private readNumber(): [Token, GraphQLError | null] {
    let float = false;
    this.end--;
    this.accept('-');
    if (this.accept('0')) {
      const n = this.digits();
      if (n !== 0) {
        this.end -= n;
        return this.fail(`Invalid number, unexpected digit after 0: ${this.describeNext()}.`);
      }
    } else if (this.digits() === 0) {
      return this.fail(`Invalid number, expected digit but got: ${this.describeNext()}.`);
    }
    if (this.accept('.')) {
      float = true;
      if (this.digits() === 0) return this.fail(`Invalid number, expected digit but got: ${this.describeNext()}.`);
    }
    if (this.accept('e', 'E')) {
      float = true;
      this.accept('-', '+');
      if (this.digits() === 0) return this.fail(`Invalid number, expected digit but got: ${this.describeNext()}.`);
    }
    return [this.token(float ? 'Float' : 'Int', this.src.slice(this.start, this.end).join('')), null];
  }

  private readString(): [Token, GraphQLError | null] {
    const s = this.src;
    let out = '';
    for (; this.end < s.length; ) {
      const c = s[this.end]!;
      if (c === '\n' || c === '\r') break;
      const code = c.codePointAt(0)!;
      if (code < 0x20 && c !== '\t') return this.fail(`Invalid character within String: "\\u${String(code).padStart(4, '0')}".`);
      if (c === '"') {
        this.end++;
        return [this.token('String', out, 1), null];
      }
      if (c !== '\\') {
        out += c;
        this.end++;
        continue;
      }
      if (this.end + 1 >= s.length) {
        this.end++;
        return this.fail('Invalid character escape sequence.');
      }
      const e = s[this.end + 1]!;
      if (e === 'u') {
        const hex = s.slice(this.end + 2, this.end + 6).join('');
        if (this.end + 6 >= s.length) {
          this.end++;
          return this.fail(`Invalid character escape sequence: \\${s.slice(this.end).join('')}.`);
        }
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          this.end++;
          return this.fail(`Invalid character escape sequence: \\${s.slice(this.end, this.end + 5).join('')}.`);
        }
        out += String.fromCharCode(parseInt(hex, 16));
        this.end += 6;
        continue;
      }
      const simple: Record<string, string> = { '"': '"', '/': '/', '\\': '\\', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (simple[e] === undefined) {
        this.end++;
        return this.fail(`Invalid character escape sequence: \\${e}.`);
      }
      out += simple[e];
      this.end += 2;
    }
    return this.fail('Unterminated string.');
  }

  private readBlockString(): [Token, GraphQLError | null] {
    const s = this.src;
    const tokLine = this.line;
    const tokCol = this.start + 3 - this.lineStart + 1;
    this.end += 2;
    let raw = '';
    while (this.end < s.length) {
      const c = s[this.end]!;
      if (c === '"' && s[this.end + 1] === '"' && s[this.end + 2] === '"') {
        this.end += 3;
        return [{ kind: 'BlockString', value: blockStringValue(raw), pos: { Line: tokLine, Column: tokCol } }, null];
      }
      const code = c.codePointAt(0)!;
      if (code < 0x20 && c !== '\t' && c !== '\n' && c !== '\r')
        return this.fail(`Invalid character within String: "\\u${String(code).padStart(4, '0')}".`);
      if (c === '\\' && s[this.end + 1] === '"' && s[this.end + 2] === '"' && s[this.end + 3] === '"') {
        raw += '"""';
        this.end += 4;
      } else if (c === '\r' || c === '\n') {
        if (c === '\r' && s[this.end + 1] === '\n') this.end++;
        raw += '\n';
        this.end++;
        this.line++;
        this.lineStart = this.end;
      } else {
        raw += c;
        this.end++;
      }
    }
    return this.fail('Unterminated string.');
  }
}

// ---- parser --------------------------------------------------------------------------------------

const DIRECTIVE_LOCATIONS = new Set([
  'QUERY', 'MUTATION', 'SUBSCRIPTION', 'FIELD', 'FRAGMENT_DEFINITION', 'FRAGMENT_SPREAD', 'INLINE_FRAGMENT',
  'VARIABLE_DEFINITION', 'SCHEMA', 'SCALAR', 'OBJECT', 'FIELD_DEFINITION', 'ARGUMENT_DEFINITION', 'INTERFACE',
  'UNION', 'ENUM', 'ENUM_VALUE', 'INPUT_OBJECT', 'INPUT_FIELD_DEFINITION',
]);

const nonEmpty = <T>(xs: T[]): T[] | null => (xs.length === 0 ? null : xs);

class Parser {
  private readonly lexer: Lexer;
  err: GraphQLError | null = null;
  private peeked = false;
  private peekToken!: Token;
  private peekError: GraphQLError | null = null;
  private prev: Token = { kind: '<EOF>', value: '', pos: { Line: 1, Column: 1 } };

  constructor(input: string) {
    this.lexer = new Lexer(input);
  }

  peek(): Token {
    if (this.err !== null) return this.prev;
    if (!this.peeked) {
      [this.peekToken, this.peekError] = this.lexer.read();
      this.peeked = true;
    }
    return this.peekToken;
  }

  peekPos(): Position | null {
    return this.err !== null ? null : this.peek().pos;
  }

  next(): Token {
    if (this.err !== null) return this.prev;
    if (this.peeked) {
      this.peeked = false;
      this.prev = this.peekToken;
      this.err = this.peekError;
    } else {
      [this.prev, this.err] = this.lexer.read();
    }
    return this.prev;
  }

  error(tok: Token, message: string): void {
    if (this.err === null) this.err = new GraphQLError(message, tok.pos);
  }

  unexpected(tok: Token = this.peek()): void {
    this.error(tok, `Unexpected ${tokenText(tok)}`);
  }

  expect(kind: Kind): Token {
    const tok = this.peek();
    if (tok.kind === kind) return this.next();
    this.error(tok, `Expected ${kind}, found ${tok.kind}`);
    return tok;
  }

  expectKeyword(value: string): Token {
    const tok = this.peek();
    if (tok.kind === 'Name' && tok.value === value) return this.next();
    this.error(tok, `Expected ${JSON.stringify(value)}, found ${tokenText(tok)}`);
    return tok;
  }

  skip(kind: Kind): boolean {
    if (this.err !== null) return false;
    if (this.peek().kind !== kind) return false;
    this.next();
    return true;
  }

  many(start: Kind, end: Kind, cb: () => void): void {
    if (!this.skip(start)) return;
    while (this.peek().kind !== end && this.err === null) cb();
    this.next();
  }

  some(start: Kind, end: Kind, cb: () => void): void {
    if (!this.skip(start)) return;
    let called = false;
    while (this.peek().kind !== end && this.err === null) {
      called = true;
      cb();
    }
    if (!called) {
      this.error(this.peek(), `expected at least one definition, found ${this.peek().kind}`);
      return;
    }
    this.next();
  }

  name(): string {
    return this.expect('Name').value;
  }

  // ---- shared ----

  variable(): string {
    this.expect('$');
    return this.name();
  }

  typeReference(): TypeRef {
    const t: TypeRef = { NamedType: '', Elem: null, NonNull: false, Position: null };
    if (this.skip('[')) {
      t.Position = this.peekPos();
      t.Elem = this.typeReference();
      this.expect(']');
    } else {
      t.Position = this.peekPos();
      t.NamedType = this.name();
    }
    if (this.skip('!')) {
      t.Position = this.peekPos();
      t.NonNull = true;
    }
    return t;
  }

  valueLiteral(isConst: boolean): GValue | null {
    const tok = this.peek();
    let kind: ValueKind;
    switch (tok.kind) {
      case '[':
        return this.listOrObject(isConst, '[', ']', ValueKind.List);
      case '{':
        return this.listOrObject(isConst, '{', '}', ValueKind.Object);
      case '$':
        if (isConst) {
          this.unexpected();
          return null;
        }
        return { Raw: this.variable(), Children: null, Kind: ValueKind.Variable, Position: tok.pos };
      case 'Int':
        kind = ValueKind.Int;
        break;
      case 'Float':
        kind = ValueKind.Float;
        break;
      case 'String':
        kind = ValueKind.String;
        break;
      case 'BlockString':
        kind = ValueKind.Block;
        break;
      case 'Name':
        kind = tok.value === 'true' || tok.value === 'false' ? ValueKind.Boolean : tok.value === 'null' ? ValueKind.Null : ValueKind.Enum;
        break;
      default:
        this.unexpected();
        return null;
    }
    this.next();
    return { Raw: tok.value, Children: null, Kind: kind, Position: tok.pos };
  }

  private listOrObject(isConst: boolean, open: Kind, close: Kind, kind: ValueKind): GValue {
    const children: ChildValue[] = [];
    const pos = this.peekPos();
    this.many(open, close, () => {
      if (kind === ValueKind.List) {
        children.push({ Name: '', Value: this.valueLiteral(isConst), Position: null });
        return;
      }
      const p = this.peekPos();
      const name = this.name();
      this.expect(':');
      children.push({ Name: name, Value: this.valueLiteral(isConst), Position: p });
    });
    return { Raw: '', Children: nonEmpty(children), Kind: kind, Position: pos };
  }

  arguments(isConst: boolean): Argument[] | null {
    const args: Argument[] = [];
    this.many('(', ')', () => {
      const pos = this.peekPos();
      const name = this.name();
      this.expect(':');
      args.push({ Name: name, Value: this.valueLiteral(isConst), Position: pos });
    });
    return nonEmpty(args);
  }

  directives(isConst: boolean): Directive[] | null {
    const out: Directive[] = [];
    while (this.peek().kind === '@') {
      if (this.err !== null) break;
      this.expect('@');
      const pos = this.peekPos();
      const name = this.name();
      out.push({ Name: name, Arguments: this.arguments(isConst), Position: pos, Location: '' });
    }
    return nonEmpty(out);
  }

  // ---- queries ----

  queryDocument(): QueryDocument {
    const doc: QueryDocument = { Operations: null, Fragments: null, Position: null };
    const ops: OperationDefinition[] = [];
    const frags: FragmentDefinition[] = [];
    while (this.peek().kind !== '<EOF>') {
      if (this.err !== null) break;
      doc.Position = this.peekPos();
      const tok = this.peek();
      if (tok.kind === 'Name' && ['query', 'mutation', 'subscription'].includes(tok.value)) ops.push(this.operationDefinition());
      else if (tok.kind === 'Name' && tok.value === 'fragment') frags.push(this.fragmentDefinition());
      else if (tok.kind === '{') ops.push(this.operationDefinition());
      else this.unexpected();
    }
    doc.Operations = nonEmpty(ops);
    doc.Fragments = nonEmpty(frags);
    return doc;
  }

  private operationDefinition(): OperationDefinition {
    const pos = this.peekPos();
    if (this.peek().kind === '{') {
      return { Operation: 'query', Name: '', VariableDefinitions: null, Directives: null, SelectionSet: this.requiredSelectionSet(), Position: pos };
    }
    const operation = this.operationType();
    const name = this.peek().kind === 'Name' ? this.next().value : '';
    const vars = this.variableDefinitions();
    const directives = this.directives(false);
    return { Operation: operation, Name: name, VariableDefinitions: vars, Directives: directives, SelectionSet: this.requiredSelectionSet(), Position: pos };
  }

  operationType(): string {
    const tok = this.next();
    if (tok.value === 'query' || tok.value === 'mutation' || tok.value === 'subscription') return tok.value;
    this.unexpected(tok);
    return '';
  }

  private variableDefinitions(): VariableDefinition[] | null {
    const defs: VariableDefinition[] = [];
    this.many('(', ')', () => {
      const pos = this.peekPos();
      const variable = this.variable();
      this.expect(':');
      const type = this.typeReference();
      const def = this.skip('=') ? this.valueLiteral(true) : null;
      defs.push({ Variable: variable, Type: type, DefaultValue: def, Directives: this.directives(false), Position: pos, Used: false });
    });
    return nonEmpty(defs);
  }

  private selectionSet(): Selection[] | null {
    const out: Selection[] = [];
    this.some('{', '}', () => out.push(this.selection()));
    return nonEmpty(out);
  }

  private requiredSelectionSet(): Selection[] | null {
    if (this.peek().kind !== '{') {
      this.error(this.peek(), `Expected {, found ${this.peek().kind}`);
      return null;
    }
    return this.selectionSet();
  }

  private selection(): Selection {
    if (this.peek().kind === '...') return this.fragment();
    const pos = this.peekPos();
    const alias = this.name();
    const name = this.skip(':') ? this.name() : alias;
    const args = this.arguments(false);
    const directives = this.directives(false);
    const sel = this.peek().kind === '{' ? this.selectionSet() : null;
    return { kind: 'Field', Alias: alias, Name: name, Arguments: args, Directives: directives, SelectionSet: sel, Position: pos };
  }

  private fragment(): Selection {
    this.expect('...');
    const peek = this.peek();
    if (peek.kind === 'Name' && peek.value !== 'on') {
      const pos = this.peekPos();
      const name = this.fragmentName();
      return { kind: 'FragmentSpread', Name: name, Directives: this.directives(false), Position: pos };
    }
    const pos = this.peekPos();
    let cond = '';
    if (this.peek().value === 'on') {
      this.next();
      cond = this.name();
    }
    const directives = this.directives(false);
    return { kind: 'InlineFragment', TypeCondition: cond, Directives: directives, SelectionSet: this.requiredSelectionSet(), Position: pos };
  }

  private fragmentDefinition(): FragmentDefinition {
    const pos = this.peekPos();
    this.expectKeyword('fragment');
    const name = this.fragmentName();
    const vars = this.variableDefinitions();
    this.expectKeyword('on');
    const cond = this.name();
    const directives = this.directives(false);
    return { Name: name, VariableDefinition: vars, TypeCondition: cond, Directives: directives, SelectionSet: this.requiredSelectionSet(), Position: pos };
  }

  private fragmentName(): string {
    if (this.peek().value === 'on') {
      this.unexpected();
      return '';
    }
    return this.name();
  }

  // ---- schemas ----

  schemaDocument(): SchemaDocument | null {
    const doc: SchemaDocument = { Schema: null, SchemaExtension: null, Directives: null, Definitions: null, Extensions: null, Position: this.peekPos() };
    const add = <K extends 'Schema' | 'SchemaExtension' | 'Directives' | 'Definitions' | 'Extensions'>(k: K, v: NonNullable<SchemaDocument[K]>[number]) => {
      (doc[k] as unknown[]) = [...((doc[k] as unknown[] | null) ?? []), v];
    };
    while (this.peek().kind !== '<EOF>') {
      if (this.err !== null) return null;
      let description = '';
      if (this.peek().kind === 'BlockString' || this.peek().kind === 'String') description = this.next().value;
      if (this.peek().kind !== 'Name') {
        this.unexpected();
        break;
      }
      switch (this.peek().value) {
        case 'scalar':
        case 'type':
        case 'interface':
        case 'union':
        case 'enum':
        case 'input':
          add('Definitions', this.typeDefinition(description, false));
          break;
        case 'schema':
          add('Schema', this.schemaDefinition(description, false));
          break;
        case 'directive':
          add('Directives', this.directiveDefinition(description));
          break;
        case 'extend':
          if (description !== '') this.unexpected(this.prev);
          this.expectKeyword('extend');
          if (this.peek().value === 'schema') add('SchemaExtension', this.schemaDefinition('', true));
          else if (['scalar', 'type', 'interface', 'union', 'enum', 'input'].includes(this.peek().value))
            add('Extensions', this.typeDefinition('', true));
          else this.unexpected();
          break;
        default:
          this.unexpected();
          return null;
      }
    }
    return this.err !== null ? null : doc;
  }

  private schemaDefinition(description: string, extension: boolean): SchemaDefinition {
    this.expectKeyword('schema');
    const pos = this.peekPos();
    const directives = this.directives(true);
    const ops: OperationTypeDefinition[] = [];
    this.some('{', '}', () => {
      const p = this.peekPos();
      const op = this.operationType();
      this.expect(':');
      ops.push({ Operation: op, Type: this.name(), Position: p });
    });
    if (extension && directives === null && ops.length === 0) this.unexpected();
    return { Description: description, Directives: directives, OperationTypes: nonEmpty(ops), Position: pos };
  }

  private typeDefinition(description: string, extension: boolean): Definition {
    const keyword = this.peek().value;
    this.expectKeyword(keyword);
    const KINDS: Record<string, string> = {
      scalar: 'SCALAR', type: 'OBJECT', interface: 'INTERFACE', union: 'UNION', enum: 'ENUM', input: 'INPUT_OBJECT',
    };
    const def: Definition = {
      Kind: KINDS[keyword]!, Description: description, Name: '', Directives: null, Interfaces: null, Fields: null,
      Types: null, EnumValues: null, Position: this.peekPos(), BuiltIn: false,
    };
    def.Name = this.name();
    if (keyword === 'type' || (keyword === 'interface' && !extension)) def.Interfaces = this.implementsInterfaces();
    def.Directives = this.directives(keyword !== 'input' || !extension);
    if (keyword === 'type' || keyword === 'interface') def.Fields = this.fieldsDefinition();
    else if (keyword === 'union') def.Types = this.unionMembers();
    else if (keyword === 'enum') def.EnumValues = this.enumValues();
    else if (keyword === 'input') def.Fields = this.inputFields();
    if (extension && def.Directives === null && def.Interfaces === null && def.Fields === null && def.Types === null && def.EnumValues === null)
      this.unexpected();
    return def;
  }

  private implementsInterfaces(): string[] | null {
    if (this.peek().value !== 'implements') return null;
    this.next();
    this.skip('&');
    const out = [this.name()];
    while (this.skip('&') && this.err === null) out.push(this.name());
    return out;
  }

  private description(): string {
    const k = this.peek().kind;
    return k === 'BlockString' || k === 'String' ? this.next().value : '';
  }

  private fieldsDefinition(): FieldDefinition[] | null {
    const out: FieldDefinition[] = [];
    this.some('{', '}', () => {
      const pos = this.peekPos();
      const description = this.description();
      const name = this.name();
      const args = this.argumentDefs();
      this.expect(':');
      const type = this.typeReference();
      out.push({ Description: description, Name: name, Arguments: args, DefaultValue: null, Type: type, Directives: this.directives(true), Position: pos });
    });
    return nonEmpty(out);
  }

  private inputValueDef(): ArgumentDefinition {
    const pos = this.peekPos();
    const description = this.description();
    const name = this.name();
    this.expect(':');
    const type = this.typeReference();
    const def = this.skip('=') ? this.valueLiteral(true) : null;
    return { Description: description, Name: name, DefaultValue: def, Type: type, Directives: this.directives(true), Position: pos };
  }

  private argumentDefs(): ArgumentDefinition[] | null {
    const out: ArgumentDefinition[] = [];
    this.some('(', ')', () => out.push(this.inputValueDef()));
    return nonEmpty(out);
  }

  private inputFields(): FieldDefinition[] | null {
    const out: FieldDefinition[] = [];
    this.some('{', '}', () => out.push({ ...this.inputValueDef(), Arguments: null }));
    return nonEmpty(out);
  }

  private unionMembers(): string[] | null {
    if (!this.skip('=')) return null;
    this.skip('|');
    const out = [this.name()];
    while (this.skip('|') && this.err === null) out.push(this.name());
    return out;
  }

  private enumValues(): EnumValueDefinition[] | null {
    const out: EnumValueDefinition[] = [];
    this.some('{', '}', () => {
      const pos = this.peekPos();
      const description = this.description();
      const name = this.name();
      out.push({ Description: description, Name: name, Directives: this.directives(true), Position: pos });
    });
    return nonEmpty(out);
  }

  private directiveDefinition(description: string): DirectiveDefinition {
    this.expectKeyword('directive');
    this.expect('@');
    const pos = this.peekPos();
    const name = this.name();
    const args = this.argumentDefs();
    let repeatable = false;
    const peek = this.peek();
    if (peek.kind === 'Name' && peek.value === 'repeatable') {
      repeatable = true;
      this.skip('Name');
    }
    this.expectKeyword('on');
    this.skip('|');
    const locations = [this.directiveLocation()];
    while (this.skip('|') && this.err === null) locations.push(this.directiveLocation());
    return { Description: description, Name: name, Arguments: args, Locations: locations, IsRepeatable: repeatable, Position: pos };
  }

  private directiveLocation(): string {
    const tok = this.expect('Name');
    if (DIRECTIVE_LOCATIONS.has(tok.value)) return tok.value;
    this.unexpected(tok);
    return '';
  }
}

export function parseQuery(input: string): QueryDocument {
  const p = new Parser(input);
  const doc = p.queryDocument();
  if (p.err !== null) throw p.err;
  return doc;
}

export function parseSchema(input: string): SchemaDocument {
  const p = new Parser(input);
  const doc = p.schemaDocument();
  if (p.err !== null || doc === null) throw p.err ?? new GraphQLError('invalid schema', null);
  return doc;
}
