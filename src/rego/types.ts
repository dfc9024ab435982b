// Static types of Rego values, in the shape OPA uses for built-in declarations and its
// capabilities JSON. The type checker and `policygate capabilities` both read these.

export type Type =
  | { type: 'any'; of?: Type[] }
  | { type: 'null' }
  | { type: 'boolean' }
  | { type: 'number' }
  | { type: 'string' }
  | { type: 'array'; static?: Type[]; dynamic?: Type }
  | { type: 'object'; static?: { key: unknown; value: Type }[]; dynamic?: { key: Type; value: Type } }
  | { type: 'set'; of: Type }
  | FunctionType;

export interface FunctionType {
  type: 'function';
  args: Type[];
  result?: Type;
  variadic?: Type;
}

export const T = {
  any: { type: 'any' } as Type,
  null: { type: 'null' } as Type,
  boolean: { type: 'boolean' } as Type,
  number: { type: 'number' } as Type,
  string: { type: 'string' } as Type,
  anyOf: (...of: Type[]): Type => ({ type: 'any', of }),
  array: (of: Type): Type => ({ type: 'array', dynamic: of }),
  tuple: (...items: Type[]): Type => ({ type: 'array', static: items }),
  object: (key: Type, value: Type): Type => ({ type: 'object', dynamic: { key, value } }),
  /** An object with fixed keys (and optionally any others). */
  record: (fields: Record<string, Type>, rest?: { key: Type; value: Type }): Type => ({
    type: 'object',
    static: Object.keys(fields)
      .sort()
      .map((key) => ({ key, value: fields[key]! })),
    ...(rest ? { dynamic: rest } : {}),
  }),
  set: (of: Type): Type => ({ type: 'set', of }),
  fn: (args: Type[], result?: Type): FunctionType => ({ type: 'function', args, ...(result ? { result } : {}) }),
  variadic: (args: Type[], variadic: Type, result?: Type): FunctionType => ({
    type: 'function',
    args,
    variadic,
    ...(result ? { result } : {}),
  }),
};

/** Shorthands used by many built-in declarations. */
export const anyArray = T.array(T.any);
export const anyObject = T.object(T.any, T.any);
export const anySet = T.set(T.any);
export const stringArray = T.array(T.string);
export const stringSet = T.set(T.string);
export const collection = T.anyOf(anyArray, anyObject, anySet);
