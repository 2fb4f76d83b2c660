import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../scenario/index.ts';

/** The package's own directories: `saddle` finds its scenarios wherever it is run from. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
export const simsDir = join(packageRoot, 'sims');

/** A scenario file of the package: its name (`xy`), path, and title (or why it does not validate). */
export interface ScenarioListing {
  name: string;
  file: string;
  title?: string;
  error?: string;
}

/** Every sims/*.json of the package except the schema, sorted by name. */
export function listScenarios(): ScenarioListing[] {
  if (!existsSync(simsDir)) return [];
  return readdirSync(simsDir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort()
    .map((f) => {
      const file = join(simsDir, f);
      const name = basename(f, '.json');
      try {
        return { name, file, title: parseScenario(readFileSync(file, 'utf8'), `sims/${f}`).title };
      } catch (e) {
        return { name, file, error: (e as Error).message };
      }
    });
}

/**
 * Where a scenario argument points, and how to name it in messages: a path (relative to `cwd`) when that file
 * exists, else a bare name (`xy`, `xy.json`) of the package's sims/, else the path as given (so that loading
 * reports it missing).
 */
export function resolveScenario(arg: string, cwd: string): { path: string; name: string } {
  const direct = isAbsolute(arg) ? arg : resolve(cwd, arg);
  if (existsSync(direct)) return { path: direct, name: arg };
  if (!arg.includes('/') && !arg.includes(sep)) {
    const file = arg.endsWith('.json') ? arg : `${arg}.json`;
    const inSims = join(simsDir, file);
    if (existsSync(inSims)) {
      const rel = relative(cwd, inSims);
      return { path: inSims, name: rel.startsWith('..') ? inSims : rel };
    }
  }
  return { path: direct, name: arg };
}
