// rego.parse_module: Rego source to its syntax tree as OPA's JSON.

import { moduleJSON } from '../astjson.js';
import { RegoError, RegoErrors } from '../errors.js';
import { parseModule } from '../parser.js';
import { T } from '../types.js';
import { BuiltinError, type BuiltinDef, str } from './registry.js';

export const builtins: BuiltinDef[] = [
  {
    name: 'rego.parse_module',
    decl: T.fn([T.string, T.string], T.object(T.string, T.any)),
    fn: (args) => {
      const file = str(args, 1);
      const source = str(args, 2);
      try {
        return moduleJSON(parseModule(file, source, { regoVersion: 1 }));
      } catch (e) {
        if (e instanceof RegoErrors || e instanceof RegoError) throw new BuiltinError(e instanceof RegoErrors ? e.message : e.toString());
        throw e;
      }
    },
  },
];
