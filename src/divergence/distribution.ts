import { InputError } from '../errors.ts';

/**
 * Distributions on the real line: a normal N(μ, σ²), a uniform U[a, b], a point mass δ_c, and finite mixtures
 * Σᵢ wᵢ·Dᵢ of these (wᵢ > 0, Σ wᵢ = 1). Every one of them is P = P_ac + P_atoms: a part with a density p (the
 * normals and uniforms) plus finitely many atoms (the points). Divergences are taken with respect to the dominating
 * measure λ + counting measure on the atoms, so "density" below means the density of the absolutely continuous part
 * and "mass" the mass of an atom (density.ts evaluates both). This file defines them, checks them, and writes
 * them as text (parse.ts reads it back).
 *
 * Parameters are checked once, here: finite, |location| ≤ 1e6, 1e-6 ≤ std ≤ 1e6, width b − a ≥ 1e-6. Within these
 * bounds every divergence below is computed without overflow; beyond them the maths is the same but the floating
 * point is not, so they are refused with an InputError rather than answered wrongly.
 */
export type Component =
  | { readonly kind: 'normal'; readonly mean: number; readonly std: number }
  | { readonly kind: 'uniform'; readonly a: number; readonly b: number }
  | { readonly kind: 'point'; readonly at: number };

/** One part of a mixture: a weight in (0, 1] and a component. */
export interface Part {
  readonly weight: number;
  readonly component: Component;
}

export type Distribution = Component | { readonly kind: 'mixture'; readonly parts: readonly Part[] };

/** Largest |location| (mean, endpoint, atom) accepted. */
export const MAX_LOCATION = 1e6;
/** Smallest std or uniform width accepted; the largest std is MAX_LOCATION. */
export const MIN_SCALE = 1e-6;
/** Most parts in one mixture. */
export const MAX_PARTS = 64;
/** |Σ wᵢ − 1| allowed before the weights are rescaled to sum to 1 exactly. */
export const WEIGHT_TOLERANCE = 1e-9;

const fmtNum = (v: number) => String(v);

/** What is wrong with a number as a location, or undefined. */
function badLocation(name: string, v: number): string | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${name} must be a finite number, got ${String(v)}`;
  if (Math.abs(v) > MAX_LOCATION) return `${name} = ${fmtNum(v)} is outside [−${MAX_LOCATION}, ${MAX_LOCATION}]`;
  return undefined;
}

/** What is wrong with a component's parameters, or undefined when it is valid. */
export function componentProblem(c: Component): string | undefined {
  switch (c.kind) {
    case 'normal': {
      const bad = badLocation('mean', c.mean);
      if (bad) return `normal: ${bad}`;
      if (typeof c.std !== 'number' || !Number.isFinite(c.std) || c.std <= 0) {
        return `normal: std must be a positive number, got ${String(c.std)}${c.std === 0 ? ` (use point(${fmtNum(c.mean)}) for a point mass)` : ''}`;
      }
      if (c.std < MIN_SCALE || c.std > MAX_LOCATION) return `normal: std = ${fmtNum(c.std)} is outside [${MIN_SCALE}, ${MAX_LOCATION}]`;
      return undefined;
    }
    case 'uniform': {
      const bad = badLocation('a', c.a) ?? badLocation('b', c.b);
      if (bad) return `uniform: ${bad}`;
      if (!(c.a < c.b)) return `uniform: needs a < b, got a = ${fmtNum(c.a)}, b = ${fmtNum(c.b)}${c.a === c.b ? ` (use point(${fmtNum(c.a)}) for a point mass)` : ''}`;
      if (c.b - c.a < MIN_SCALE) return `uniform: width b − a = ${fmtNum(c.b - c.a)} is below ${MIN_SCALE}`;
      return undefined;
    }
    case 'point': {
      const bad = badLocation('location', c.at);
      return bad ? `point: ${bad}` : undefined;
    }
  }
}

function checked<T extends Component>(c: T, where: string): T {
  const problem = componentProblem(c);
  if (problem) throw new InputError(where, problem);
  return c;
}

/** N(mean, std²). */
export const normal = (mean: number, std: number, where = 'distribution') => checked({ kind: 'normal', mean, std } as const, where);
/** U[a, b]. */
export const uniform = (a: number, b: number, where = 'distribution') => checked({ kind: 'uniform', a, b } as const, where);
/** δ_c: all mass at c. */
export const point = (at: number, where = 'distribution') => checked({ kind: 'point', at } as const, where);

/**
 * Σ wᵢ·Dᵢ from [weight, distribution] pairs. Nested mixtures are flattened (weights multiply); weights must be
 * positive and sum to 1 within {@link WEIGHT_TOLERANCE}, after which they are rescaled to sum to 1 (unless they
 * already do, up to rounding).
 */
export function mixture(parts: readonly (readonly [number, Distribution])[], where = 'distribution'): Distribution {
  if (parts.length === 0) throw new InputError(where, 'a mixture needs at least one part');
  let total = 0;
  parts.forEach(([w], i) => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w <= 0) throw new InputError(where, `mixture weight ${i + 1} must be a positive number, got ${String(w)}`);
    total += w;
  });
  if (Math.abs(total - 1) > WEIGHT_TOLERANCE) throw new InputError(where, `mixture weights sum to ${fmtNum(Number(total.toPrecision(12)))}, not 1`);
  // Weights that sum to 1 up to rounding are kept as they are (so that text round-trips bit for bit).
  const norm = Math.abs(total - 1) <= 8 * Number.EPSILON ? 1 : total;
  const flat: Part[] = [];
  for (const [w, d] of parts) {
    for (const part of partsOf(d)) flat.push({ weight: (w / norm) * part.weight, component: checked(part.component, where) });
  }
  if (flat.length > MAX_PARTS) throw new InputError(where, `a mixture may have at most ${MAX_PARTS} parts, got ${flat.length}`);
  return { kind: 'mixture', parts: flat };
}

/** The parts of any distribution (a component is one part of weight 1). */
export const partsOf = (d: Distribution): readonly Part[] => (d.kind === 'mixture' ? d.parts : [{ weight: 1, component: d }]);

const sameComponent = (x: Component, y: Component) =>
  x.kind === y.kind &&
  (x.kind === 'normal'
    ? x.mean === (y as typeof x).mean && x.std === (y as typeof x).std
    : x.kind === 'uniform'
      ? x.a === (y as typeof x).a && x.b === (y as typeof x).b
      : x.at === (y as typeof x).at);

const singles = new WeakMap<Distribution, Component | null>();

/** The single component a distribution is, when all its parts are one and the same component; else undefined. */
export function asComponent(d: Distribution): Component | undefined {
  if (d.kind !== 'mixture') return d;
  let single = singles.get(d);
  if (single === undefined) {
    const parts = d.parts;
    single = parts.every((p) => sameComponent(p.component, parts[0].component)) ? parts[0].component : null;
    singles.set(d, single);
  }
  return single ?? undefined;
}

/** The law of X + c. */
export function shift(d: Distribution, c: number): Distribution {
  const move = (k: Component): Component =>
    k.kind === 'normal' ? { ...k, mean: k.mean + c } : k.kind === 'uniform' ? { ...k, a: k.a + c, b: k.b + c } : { ...k, at: k.at + c };
  return d.kind === 'mixture' ? { kind: 'mixture', parts: d.parts.map((p) => ({ weight: p.weight, component: move(p.component) })) } : move(d);
}

/** The text form the parser reads back: `normal(0, 1)`, `mix(0.3*normal(0, 1), 0.7*point(2))`. */
export function formatDistribution(d: Distribution): string {
  // Shortest round-trip form, with the sign of −0 kept.
  const n = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
  const one = (k: Component) =>
    k.kind === 'normal' ? `normal(${n(k.mean)}, ${n(k.std)})` : k.kind === 'uniform' ? `uniform(${n(k.a)}, ${n(k.b)})` : `point(${n(k.at)})`;
  return d.kind === 'mixture' ? `mix(${d.parts.map((p) => `${n(p.weight)}*${one(p.component)}`).join(', ')})` : one(d);
}
