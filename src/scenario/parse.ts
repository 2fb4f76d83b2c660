/**
 * Reading a scenario: JSON text or a parsed value, validated against the schema, with every error naming the file
 * and the JSON path (`sims/xy.json: runs[2].lr: expected a positive number, got -1`). {@link parseScenario} does no
 * file I/O, so a page can use it; {@link loadScenario} reads a file in Node (node:fs is imported only when called).
 */
import { z } from 'zod';
import { InputError, show } from '../errors.ts';
import { integrators } from '../flow/index.ts';
import { optimizers } from '../optim/index.ts';
import { gridInit, initWords, integratorRuns, optimizerRuns, pointInit, randomInit, runWords, scenarioSchema, type Scenario } from './schema.ts';

/** Formats a JSON path the way a person reads it: `runs[2].options.beta`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** Default wording of zod's issues, for schemas without their own. */
function defaultMessage(iss: z.core.$ZodRawIssue): string | undefined {
  const got = (v: unknown) => (v === undefined ? '' : `, got ${show(v)}`);
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined ? `missing: expected ${iss.expected}` : `expected ${iss.expected}${got(iss.input)}`;
    case 'too_small':
      return iss.origin === 'array' || iss.origin === 'set'
        ? `expected at least ${iss.minimum} entries, got ${(iss.input as unknown[] | undefined)?.length ?? 0}`
        : `expected a value ${iss.inclusive ? '≥' : '>'} ${iss.minimum}${got(iss.input)}`;
    case 'too_big':
      return iss.origin === 'array' || iss.origin === 'set'
        ? `expected at most ${iss.maximum} entries, got ${(iss.input as unknown[] | undefined)?.length ?? 0}`
        : `expected a value ${iss.inclusive ? '≤' : '<'} ${iss.maximum}${got(iss.input)}`;
    case 'invalid_value':
      return `expected ${iss.values.map((v) => show(v)).join(' | ')}${got(iss.input)}`;
    default:
      return undefined;
  }
}
const parseParams = { error: defaultMessage } as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const known = (names: readonly string[]) => `known: ${names.join(', ')}`;

/**
 * Which branch of a union the author meant, judged by the keys present: a run with `optimizer` is an optimizer
 * run, `{grid}` a grid init. Returns that branch's schema, or the one problem that rules out every branch.
 */
function branchOf(path: readonly PropertyKey[], value: unknown): z.ZodType | { path: PropertyKey[]; message: string } | undefined {
  if (path.length === 2 && path[0] === 'runs' && typeof path[1] === 'number') {
    if (!isRecord(value)) return { path: [...path], message: `expected ${runWords}, got ${show(value)}` };
    const hasOpt = 'optimizer' in value;
    const hasInt = 'integrator' in value;
    if (hasOpt && hasInt) return { path: [...path], message: 'give optimizer or integrator, not both' };
    if (hasOpt) {
      const name = value.optimizer;
      const i = optimizerRuns.findIndex((s) => s.shape.optimizer.value === name);
      if (i < 0) return { path: [...path, 'optimizer'], message: `unknown optimizer ${show(name)} (${known(Object.keys(optimizers))})` };
      return optimizerRuns[i];
    }
    if (hasInt) {
      const name = value.integrator;
      const i = integratorRuns.findIndex((s) => s.shape.integrator.value === name);
      if (i < 0) return { path: [...path, 'integrator'], message: `unknown integrator ${show(name)} (${known(Object.keys(integrators))})` };
      return integratorRuns[i];
    }
    return { path: [...path], message: `missing: give optimizer or integrator (${runWords.slice(7)})` };
  }
  if (path.length === 1 && path[0] === 'init') {
    if (Array.isArray(value)) return pointInit;
    if (isRecord(value) && 'grid' in value && !('random' in value)) return gridInit;
    if (isRecord(value) && 'random' in value && !('grid' in value)) return randomInit;
    return { path: [...path], message: `expected ${initWords}, got ${show(value)}` };
  }
  return undefined;
}

const valueAt = (data: unknown, path: readonly PropertyKey[]) =>
  path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), data);

/** Flattens zod's issues into path + message, resolving a failed union by the branch the author meant. */
function explain(iss: z.core.$ZodIssue, data: unknown): { path: PropertyKey[]; message: string }[] {
  if (iss.code === 'invalid_union') {
    const value = valueAt(data, iss.path);
    const branch = branchOf(iss.path, value);
    if (branch instanceof z.ZodType) {
      const r = branch.safeParse(value, parseParams);
      if (!r.success) return r.error.issues.flatMap((sub) => explain({ ...sub, path: [...iss.path, ...sub.path] } as z.core.$ZodIssue, data));
    } else if (branch) {
      return [branch];
    }
  }
  return [{ path: [...iss.path], message: iss.message }];
}

/** Reads JSON text, with the line and column of a syntax error. */
function parseJson(textIn: string, source: string): unknown {
  try {
    return JSON.parse(textIn);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let where = '';
    if (pos) {
      const before = textIn.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      const col = before.length - before.lastIndexOf('\n');
      where = ` (line ${line}, column ${col})`;
    }
    throw new InputError(source || 'scenario', `not valid JSON: ${msg.replace(/\s*in JSON at position \d+.*$/, '')}${where}`);
  }
}

/**
 * Validates a scenario: JSON text or an already parsed value. `sourceName` (a file path) prefixes every error;
 * errors give the JSON path: `sims/xy.json: runs[2].lr: expected a positive number, got -1`. Names of games,
 * optimizers and integrators and the options of each are checked here; game params and per-player list lengths,
 * which depend on the game, are checked by {@link prepareScenario}.
 */
export function parseScenario(json: unknown, sourceName = ''): Scenario {
  const data = typeof json === 'string' ? parseJson(json, sourceName) : json;
  const r = scenarioSchema.safeParse(data, parseParams);
  if (!r.success) {
    const problems = r.error.issues.flatMap((iss) => explain(iss, data));
    const first = problems[0];
    const path = formatPath(first.path);
    const where = [sourceName, path].filter(Boolean).join(': ') || 'scenario';
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new InputError(where, `${first.message}${more}`);
  }
  const { $schema: _ignored, ...spec } = r.data as Record<string, unknown>;
  return { source: sourceName, ...(spec as Omit<Scenario, 'source'>) };
}

/**
 * Reads and validates a scenario file (Node only). A missing or unreadable file is an {@link InputError} naming it;
 * `sourceName` (default: the path) is how errors name the file.
 */
export async function loadScenario(path: string, sourceName = path): Promise<Scenario> {
  const fsModule = 'node:fs/promises'; // a variable, so that bundlers for the browser leave it alone
  const { readFile } = (await import(/* @vite-ignore */ fsModule)) as typeof import('node:fs/promises');
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a scenario file' : (e as Error).message;
    throw new InputError(sourceName, why);
  }
  return parseScenario(content, sourceName);
}
