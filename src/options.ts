import { InputError, show } from './errors.ts';

/**
 * Declared options of a named thing (an optimizer, an integrator): how to read them from a command line, a
 * scenario or an attribute, with one error message format for all. A per-player option takes one value for every
 * player or one value each (`--opt beta=-0.5,0`).
 */
export type OptionSpec =
  | { kind: 'number'; default: number; perPlayer?: boolean; range?: Range; description: string }
  | { kind: 'integer'; default: number; perPlayer?: boolean; min: number; description: string }
  | { kind: 'boolean'; default: boolean; description: string }
  | { kind: 'choice'; default: string; choices: readonly string[]; description: string };

/** Allowed interval of a number option. */
export type Range = 'positive' | 'nonnegative' | 'unit' | 'open-unit' | 'any';

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;
/** Resolved values: numbers per player are arrays of length `players`. */
export type OptionValues = Record<string, number | number[] | boolean | string>;

const rangeCheck: Record<Range, [(v: number) => boolean, string]> = {
  positive: [(v) => v > 0, 'a positive number'],
  nonnegative: [(v) => v >= 0, 'a number ≥ 0'],
  unit: [(v) => v >= 0 && v < 1, 'a number in [0, 1)'],
  'open-unit': [(v) => v > -1 && v < 1, 'a number in (−1, 1)'],
  any: [() => true, 'a finite number'],
};

/** Reads one option value, or a list of them for per-player options. */
function readNumbers(where: string, key: string, raw: unknown, spec: OptionSpec & { kind: 'number' | 'integer' }, players: number): number[] {
  const list: unknown[] =
    typeof raw === 'string' ? raw.split(',').map((s) => (s.trim() === '' ? NaN : Number(s))) : Array.isArray(raw) ? raw : [raw];
  if (list.length !== 1 && !(spec.perPlayer && list.length === players)) {
    const want = spec.perPlayer ? `1 value or ${players} (one per player)` : '1 value';
    throw new InputError(where, `expected ${want}, got ${list.length}: ${show(raw)}`, [key]);
  }
  const [ok, what] =
    spec.kind === 'integer'
      ? [(v: number) => Number.isInteger(v) && v >= spec.min, `an integer ≥ ${spec.min}`]
      : rangeCheck[spec.range ?? 'any'];
  for (const v of list) {
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw new InputError(where, `expected ${what}, got ${show(raw)}`, [key]);
  }
  const nums = list as number[];
  return nums.length === 1 ? new Array<number>(players).fill(nums[0]) : nums;
}

/**
 * Validates `raw` against `specs` and fills in defaults. `owner` names the thing in errors, e.g. `optimizer momentum`.
 */
export function resolveOptions(owner: string, specs: OptionSpecs, raw: Readonly<Record<string, unknown>>, players: number): OptionValues {
  for (const key of Object.keys(raw)) {
    if (!(key in specs)) {
      const known = Object.keys(specs);
      throw new InputError(`${owner}`, `unknown option ${show(key)} (known: ${known.length ? known.join(', ') : 'none'})`, []);
    }
  }
  const out: OptionValues = {};
  for (const [key, spec] of Object.entries(specs)) {
    const where = `${owner}, option ${key}`;
    const value = raw[key];
    if (spec.kind === 'number' || spec.kind === 'integer') {
      const nums = value === undefined ? new Array<number>(players).fill(spec.default) : readNumbers(where, key, value, spec, players);
      out[key] = spec.perPlayer ? nums : nums[0];
    } else if (spec.kind === 'boolean') {
      if (value === undefined) out[key] = spec.default;
      else if (value === true || value === 'true' || value === 1 || value === '1') out[key] = true;
      else if (value === false || value === 'false' || value === 0 || value === '0') out[key] = false;
      else throw new InputError(where, `expected true or false, got ${show(value)}`, [key]);
    } else {
      if (value === undefined) out[key] = spec.default;
      else if (typeof value === 'string' && spec.choices.includes(value)) out[key] = value;
      else throw new InputError(where, `expected one of ${spec.choices.join(' | ')}, got ${show(value)}`, [key]);
    }
  }
  return out;
}

/** One line per option, for `--help` and docs. */
export function describeOptions(specs: OptionSpecs): string[] {
  return Object.entries(specs).map(([key, s]) => {
    const dflt = s.kind === 'choice' ? `${s.choices.join('|')}, default ${s.default}` : `default ${s.default}`;
    const per = 'perPlayer' in s && s.perPlayer ? ', per player' : '';
    return `${key} (${dflt}${per}): ${s.description}`;
  });
}
