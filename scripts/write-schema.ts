/**
 * Writes sims/scenario.schema.json, the JSON Schema of scenario files, from the zod schema in src/scenario/schema.ts
 * (which is built from the registries of games, optimizers and integrators). Run it after changing any of them:
 * `npm run schema`. With `--check`, writes nothing and exits 1 when the file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchemaText } from '../src/scenario/index.ts';

const target = fileURLToPath(new URL('../sims/scenario.schema.json', import.meta.url));
const text = scenarioJsonSchemaText();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing: out of date
  }
  if (current !== text) {
    process.stderr.write(`${target} is out of date: run npm run schema\n`);
    process.exit(1);
  }
  process.stdout.write(`${target} is up to date\n`);
} else {
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target} (${text.length} characters)\n`);
}
