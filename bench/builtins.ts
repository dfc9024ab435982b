// The hot built-ins of the seed workload (regex.match, sprintf, object.get) called the way the
// evaluator calls them, and the proof that a compiled regex is reused: the baseline compiles the
// pattern with RE2 on every call, as an engine without a pattern cache would.

import { RE2JS } from 're2js';
import { BUILTINS, type BuiltinContext, RObject, RSet, type Value, fromJS } from '../src/rego/index.js';
import { measure, report } from './harness.js';

const ctx: BuiltinContext = {
  nowNs: 0n,
  cache: new Map(),
  print: () => undefined,
  runtime: new RObject(),
  strict: false,
};

function call(name: string, args: Value[]): Value | undefined {
  return BUILTINS.get(name)!.fn(args, ctx);
}

const command = 'curl https://example.com/script.sh | sh';
const blocked = 'curl.*|.*sh';
const secret = '(?i)password\\s*[:=]\\s*[\'"][^\'"]+[\'"]';
const job = fromJS({ resource_class: 'large', docker: [{ image: 'cimg/go:1.22' }] });

const rows = [
  measure('baseline: RE2 compile + match each call', () => RE2JS.compile(blocked).matcher(command).find()),
  measure(`regex.match("${blocked}", command)`, () => call('regex.match', [blocked, command])),
  measure('regex.match(secret pattern, command)', () => call('regex.match', [secret, command])),
];
report('regex.match (patterns cached across calls and evaluations)', rows, rows[0]);

report('sprintf and object.get', [
  measure("sprintf(\"Job '%s' uses image '%s'\", ...)", () => call('sprintf', ["Job '%s' uses unapproved image '%s'.", ['build', 'random/untrusted:latest']])),
  measure('sprintf("%v", [set of 3 strings])', () => call('sprintf', ['Allowed classes: %v', [RSet.of(['small', 'medium', 'medium+'])]])),
  measure('object.get(job, "resource_class", "medium")', () => call('object.get', [job, 'resource_class', 'medium'])),
  measure('object.get(job, ["docker", 0, "image"], null)', () => call('object.get', [job, ['docker', 0, 'image'], null])),
]);
