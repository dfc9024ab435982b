// The engine on the seed workload: warm evaluation of `data.org.hard_fail` with the seed
// document's policies on its invalid config, decisions per second over the corpus configs in one
// process, and the bundle's compile time. The baseline, measured in the same run, is the simplest
// correct way: compile the bundle and prepare the query for every evaluation.
// Yardstick: OPA 1.9 takes about 250 µs per evaluation and decides about 2,500 configs/s.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/circleci/index.js';
import { type ModuleSource, Policy, type Value, fromJS, prepareValue } from '../src/rego/index.js';
import { measure, report } from './harness.js';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const seed = join(root, 'examples', 'seed');
const corpus = resolve(root, '..', 'shared', 'corpus', 'configs');

function regoFiles(dir: string): ModuleSource[] {
  const out: ModuleSource[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.rego')) out.push({ file: p.slice(seed.length + 1), source: readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

function configInput(path: string): Value {
  return fromJS(loadConfig(readFileSync(path), path).doc);
}

function main(): void {
  if (!existsSync(join(seed, 'policies'))) {
    console.log('examples/seed/policies not found: nothing to measure');
    return;
  }
  const sources = regoFiles(join(seed, 'policies'));
  const invalid = configInput(join(seed, 'test', 'fixtures', 'invalid_config.yml'));

  const compile = measure('compile bundle + prepare hard_fail', () => prepareValue(Policy.compile(sources), 'data.org.hard_fail'));
  const query = prepareValue(Policy.compile(sources), 'data.org.hard_fail');
  const cold = measure('baseline: compile + prepare + evaluate', () =>
    prepareValue(Policy.compile(sources), 'data.org.hard_fail').value({ input: invalid }),
  );
  const warm = measure('warm hard_fail on invalid config', () => query.value({ input: invalid }));
  report(`seed bundle (${sources.length} files), invalid config`, [cold, compile, warm], cold);

  if (!existsSync(corpus)) {
    console.log(`\n${corpus} not found: skipping the corpus throughput`);
    return;
  }
  const inputs: Value[] = [];
  for (const name of readdirSync(corpus).sort()) {
    try {
      inputs.push(configInput(join(corpus, name)));
    } catch {
      // A config the loader rejects is not part of this measurement.
    }
  }
  let i = 0;
  const batch = measure(`decide corpus configs (${inputs.length}, JSON inputs)`, () => {
    query.value({ input: inputs[i++ % inputs.length]! });
  });
  report('corpus throughput (one process, inputs already parsed)', [batch]);
}

main();
