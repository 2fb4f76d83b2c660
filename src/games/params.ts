import { InputError, show } from '../errors.ts';

/**
 * Reading a game's parameters, which arrive as numbers, strings from a command line (`--param a=2`) or JSON from a
 * scenario or an attribute. Every reader names the parameter in its error.
 */
export type Params = Readonly<Record<string, unknown>>;

const where = (game: string, key: string) => `game ${game}, param ${key}`;

/** Rejects parameters the game does not know, so a typo is an error, not a silent default. */
export function checkKnown(game: string, params: Params, known: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (!known.includes(key)) {
      const list = known.length ? known.join(', ') : 'none';
      throw new InputError(`game ${game}`, `unknown param ${show(key)} (known: ${list})`, []);
    }
  }
}

/** A finite number (a numeric string is accepted), or the default. */
export function numberParam(
  game: string,
  params: Params,
  key: string,
  fallback: number,
  check?: (v: number) => string | undefined,
): number {
  const raw = params[key];
  if (raw === undefined) return fallback;
  const v = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new InputError(where(game, key), `expected a finite number, got ${show(raw)}`, [key]);
  }
  const problem = check?.(v);
  if (problem) throw new InputError(where(game, key), problem, [key]);
  return v;
}

/** One of a fixed set of names, or the default. */
export function choiceParam<T extends string>(
  game: string,
  params: Params,
  key: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = params[key];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !(choices as readonly string[]).includes(raw)) {
    throw new InputError(where(game, key), `expected one of ${choices.join(' | ')}, got ${show(raw)}`, [key]);
  }
  return raw as T;
}

/** A JSON value given either parsed or as a JSON string. */
function jsonParam(game: string, params: Params, key: string): unknown {
  const raw = params[key];
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new InputError(where(game, key), `not valid JSON (${(e as Error).message}): ${show(raw)}`, [key]);
  }
}

/** A vector of finite numbers (JSON array or a comma list), or the default. */
export function vectorParam(game: string, params: Params, key: string, fallback?: number[]): number[] | undefined {
  if (params[key] === undefined) return fallback;
  const raw = params[key];
  const v = typeof raw === 'string' && !raw.trim().startsWith('[') ? raw.split(',').map(Number) : jsonParam(game, params, key);
  if (typeof v === 'number') return [v];
  if (!Array.isArray(v) || v.length === 0 || !v.every((e) => typeof e === 'number' && Number.isFinite(e))) {
    throw new InputError(where(game, key), `expected a list of finite numbers, got ${show(raw)}`, [key]);
  }
  return v as number[];
}

/** A non-empty rectangular matrix of finite numbers (JSON array of rows), or the default. */
export function matrixParam(game: string, params: Params, key: string, fallback: number[][]): number[][] {
  if (params[key] === undefined) return fallback;
  const v = jsonParam(game, params, key);
  const rows = Array.isArray(v) && v.every((r) => typeof r === 'number') ? [v] : v;
  if (!Array.isArray(rows) || rows.length === 0 || !rows.every(Array.isArray)) {
    throw new InputError(where(game, key), `expected a matrix as JSON rows like [[1,0],[0,1]], got ${show(params[key])}`, [key]);
  }
  const width = (rows[0] as unknown[]).length;
  rows.forEach((row: unknown[], r) => {
    if (row.length !== width || width === 0) {
      throw new InputError(where(game, key), `row ${r} has ${row.length} entries; row 0 has ${width}`, [key]);
    }
    row.forEach((e, c) => {
      if (typeof e !== 'number' || !Number.isFinite(e)) {
        throw new InputError(where(game, key), `entry [${r}][${c}] is ${show(e)}, not a finite number`, [key]);
      }
    });
  });
  return rows as number[][];
}
