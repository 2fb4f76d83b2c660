/**
 * The DOM-free half of `<saddle-divergence-plot>`: it reads the attributes, evaluates the divergences of
 * src/divergence along a θ grid, and cuts each curve into what a chart can draw honestly — finite pieces, runs where
 * the value is +∞ (drawn off the top, labelled ∞), and jumps (a dot at the value, open circles at the one-sided
 * limits). No maths of its own beyond that bookkeeping: the values and, where src has them, the gradients are
 * those of src/divergence.
 *
 * The examples, each a family P (fixed) against Q_θ (the generator's distribution moved by θ):
 * - `parallel-lines`: Arjovsky, Chintala & Bottou 2017, Example 1 — P₀ = (0, U[0, 1]), P_θ = (θ, U[0, 1]);
 *   values and d/dθ from `parallelLines` (W = |θ|, JS = log 2, TV = 1, KL = +∞ for θ ≠ 0; all 0 at θ = 0).
 * - `gaussians`: P = N(0, σ_P²), Q_θ = N(θ, σ_Q²); values and d/dθ from `gaussianOffset` (params stdP, stdQ).
 * - `mixture`: any two distributions of src/divergence's text form (params p, q; mixtures of normals, uniforms and
 *   points), Q_θ = Q shifted by θ; values from `divergence` (closed forms or quadrature). src has no gradient
 *   for these, so d/dθ is the central difference of the drawn curve, (f(θ + h) − f(θ − h))/2h with h the grid step
 *   (error O(h²) where f is smooth), one-sided at the ends of a continuous piece; the readout at any θ uses the
 *   same formula, so it matches the curve at the grid points.
 *
 * Jumps are looked for at the θ where the family can jump: 0 for all three, and for `mixture` every θ that makes an
 * atom or a uniform's endpoint of Q_θ meet one of P. At such a θ_c the curve is split when a one-sided value,
 * f(θ_c ± δ) with δ = 1e-9 × the θ range, differs from f(θ_c) (by more than 1e-6 relative, or in being infinite).
 */
import {
  atoms,
  divergence,
  gaussianOffset,
  linspace,
  parallelLines,
  parseDistribution,
  partsOf,
  shift,
  type DivergenceName,
  type Distribution,
} from '../src/divergence/index.ts';
import { InputError, show } from '../src/errors.ts';
import { blank } from './kit/properties.ts';

export const EXAMPLES = ['parallel-lines', 'gaussians', 'mixture'] as const;
export type ExampleName = (typeof EXAMPLES)[number];

/** The names the `divergences` attribute accepts, in the order the legend lists them. */
export const DIVERGENCE_ORDER: readonly DivergenceName[] = ['kl', 'reverseKl', 'js', 'tv', 'w1', 'w2'];
const ALIASES: Record<string, DivergenceName> = { 'reverse-kl': 'reverseKl', reversekl: 'reverseKl', w: 'w1' };

/** Legend text per divergence (P the fixed distribution, Q_θ the moving one). */
export const DIVERGENCE_LABELS: Record<DivergenceName, string> = {
  kl: 'KL(P‖Q_θ)',
  reverseKl: 'KL(Q_θ‖P)',
  js: 'JS(P, Q_θ)',
  tv: 'TV(P, Q_θ)',
  w1: 'W₁(P, Q_θ)',
  w2: 'W₂(P, Q_θ)',
};

export interface DivergenceAttributes {
  example?: string | null;
  divergences?: string | null;
  theta?: string | null;
  params?: string | null;
  value?: string | null;
}

export interface DivergenceSpec {
  example: ExampleName;
  names: DivergenceName[];
  /** The θ range [from, to], from < to. */
  range: [number, number];
  /** The marker's θ (clamped into the range). */
  value: number;
  /** For `gaussians`. */
  stdP: number;
  stdQ: number;
  /** For `mixture`: P and Q (Q_θ = Q shifted by θ), with their text as given. */
  p?: Distribution;
  q?: Distribution;
  pText: string;
  qText: string;
}

export const DEFAULT_MIXTURE = { p: 'mix(0.5*normal(-1.5, 0.5), 0.5*normal(1.5, 0.5))', q: 'normal(0, 1)' };
/** Largest |θ| the attribute accepts (keeps every family within src's checked parameter bounds). */
export const MAX_THETA = 1000;

function finiteNumber(where: string, raw: string): number {
  const t = raw.trim();
  const v = t === '' ? NaN : Number(t);
  if (!Number.isFinite(v)) throw new InputError(where, `expected a number, got ${show(raw)}`);
  return v;
}

/** Reads the attributes; throws an {@link InputError} naming the first bad one. */
export function readDivergenceAttributes(a: DivergenceAttributes): DivergenceSpec {
  const example = (blank(a.example) ? 'parallel-lines' : a.example.trim()) as ExampleName;
  if (!EXAMPLES.includes(example)) throw new InputError('example', `unknown example ${show(a.example)} (known: ${EXAMPLES.join(', ')})`);

  const names: DivergenceName[] = [];
  for (const raw of (blank(a.divergences) ? 'kl,js,tv,w1' : a.divergences).split(',')) {
    const key = raw.trim();
    const name = (ALIASES[key.toLowerCase()] ?? key) as DivergenceName;
    if (!DIVERGENCE_ORDER.includes(name)) throw new InputError('divergences', `unknown divergence ${show(key)} (known: kl, reverse-kl, js, tv, w1, w2)`);
    if (names.includes(name)) throw new InputError('divergences', `${show(key)} is listed twice`);
    names.push(name);
  }

  let range: [number, number] = [-2, 2];
  if (!blank(a.theta)) {
    const parts = a.theta.split(',');
    if (parts.length !== 2) throw new InputError('theta', `expected a range "from,to" like "-2,2", got ${show(a.theta)}`);
    range = [finiteNumber('theta', parts[0]), finiteNumber('theta', parts[1])];
    if (!(range[0] < range[1])) throw new InputError('theta', `expected from < to, got ${show(a.theta)}`);
    if (Math.max(-range[0], range[1]) > MAX_THETA) throw new InputError('theta', `expected a range within [−${MAX_THETA}, ${MAX_THETA}], got ${show(a.theta)}`);
  }
  const value = blank(a.value) ? range[0] + 0.75 * (range[1] - range[0]) : finiteNumber('value', a.value);

  const params = readParams(a.params);
  const allowed: Record<ExampleName, string[]> = { 'parallel-lines': [], gaussians: ['stdP', 'stdQ'], mixture: ['p', 'q'] };
  for (const key of Object.keys(params)) {
    if (!allowed[example].includes(key)) {
      const known = allowed[example].length ? `known: ${allowed[example].join(', ')}` : 'it takes none';
      throw new InputError(`params`, `${show(key)} is not a parameter of ${example} (${known})`);
    }
  }
  const std = (key: 'stdP' | 'stdQ') => {
    const v = params[key] ?? 1;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 1e-3 || v > 1e3) throw new InputError(`params, ${key}`, `expected a number in [0.001, 1000], got ${show(v)}`);
    return v;
  };
  const text = (key: 'p' | 'q') => {
    const v = params[key] ?? DEFAULT_MIXTURE[key];
    if (typeof v !== 'string') throw new InputError(`params, ${key}`, `expected a distribution as text like "normal(0, 1)", got ${show(v)}`);
    return v;
  };
  const spec: DivergenceSpec = {
    example,
    names: DIVERGENCE_ORDER.filter((n) => names.includes(n)),
    range,
    value: Math.min(range[1], Math.max(range[0], value)),
    stdP: example === 'gaussians' ? std('stdP') : 1,
    stdQ: example === 'gaussians' ? std('stdQ') : 1,
    pText: example === 'mixture' ? text('p') : '',
    qText: example === 'mixture' ? text('q') : '',
  };
  if (example === 'mixture') {
    spec.p = parseDistribution(spec.pText, 'params, p');
    spec.q = parseDistribution(spec.qText, 'params, q');
  }
  return spec;
}

function readParams(raw: string | null | undefined): Record<string, unknown> {
  if (blank(raw)) return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    throw new InputError('params', `not valid JSON (${(e as Error).message}): ${show(raw)}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputError('params', `expected a JSON object like {"stdQ": 0.5}, got ${show(raw)}`);
  return v as Record<string, unknown>;
}

/** What P and Q_θ are, in words, for the ARIA label and the caption. */
export function describeExample(spec: DivergenceSpec): string {
  if (spec.example === 'parallel-lines') return 'P = (0, U[0,1]) against Q_θ = (θ, U[0,1]), two parallel lines at distance |θ|';
  if (spec.example === 'gaussians') return `P = N(0, ${spec.stdP}²) against Q_θ = N(θ, ${spec.stdQ}²)`;
  return `P = ${spec.pText} against Q_θ = ${spec.qText} shifted by θ`;
}

/** One θ: the chosen divergences' values and d/dθ. */
export interface Sample {
  theta: number;
  values: Partial<Record<DivergenceName, number>>;
  gradients: Partial<Record<DivergenceName, number>>;
}

/** The chosen divergences at θ (values only; gradients too where src has them). */
function evaluate(spec: DivergenceSpec, theta: number): Sample {
  const pick = (r: Record<DivergenceName, number>) => Object.fromEntries(spec.names.map((n) => [n, r[n]])) as Partial<Record<DivergenceName, number>>;
  if (spec.example === 'parallel-lines') {
    const r = parallelLines(theta);
    return { theta, values: pick(r.values), gradients: pick(r.gradients) };
  }
  if (spec.example === 'gaussians') {
    const r = gaussianOffset(theta, { stdP: spec.stdP, stdQ: spec.stdQ });
    return { theta, values: pick(r.values), gradients: pick(r.gradients) };
  }
  const q = shift(spec.q!, theta);
  const values: Partial<Record<DivergenceName, number>> = {};
  for (const n of spec.names) values[n] = divergence(n, spec.p!, q);
  return { theta, values, gradients: {} };
}

/** The θ of the grid (`count` evenly spaced, both ends included) and its step h. */
export function thetaGrid(spec: DivergenceSpec, count: number): { thetas: number[]; step: number } {
  const thetas = linspace(spec.range[0], spec.range[1], count);
  return { thetas, step: (spec.range[1] - spec.range[0]) / (count - 1) };
}

/** The θ in the range where the family may jump (see the file's comment), sorted. */
export function jumpCandidates(spec: DivergenceSpec): number[] {
  const out = new Set<number>([0]);
  if (spec.example === 'mixture') {
    const marks = (d: Distribution) => [
      ...atoms(d).map((a) => a.at),
      ...partsOf(d).flatMap((p) => (p.component.kind === 'uniform' ? [p.component.a, p.component.b] : [])),
    ];
    for (const a of marks(spec.p!)) for (const b of marks(spec.q!)) out.add(a - b);
  }
  return [...out].filter((t) => t >= spec.range[0] && t <= spec.range[1]).sort((a, b) => a - b);
}

/** A jump of one curve at θ: its value there and its one-sided limits. */
export interface Jump {
  theta: number;
  value: number;
  left: number;
  right: number;
}

/** A run of the curve without jumps: every value finite, or every value +∞. */
export interface Piece {
  infinite: boolean;
  points: { theta: number; value: number }[];
}

/** One curve as drawn: a divergence's values or its d/dθ over the θ range. */
export interface Curve {
  name: DivergenceName;
  label: string;
  pieces: Piece[];
  jumps: Jump[];
}

/** Everything the chart draws, for the element's read-only `curves` property. */
export interface Curves {
  example: ExampleName;
  description: string;
  range: [number, number];
  values: Curve[];
  gradients: Curve[];
  /** The grid's samples (what the CSV export writes). */
  samples: Sample[];
}

const differs = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) ? Math.abs(a - b) > 1e-6 * Math.max(1, Math.abs(a), Math.abs(b)) : a !== b);

/**
 * The computation of one plot, in slices so that a page stays responsive: `next()` evaluates a few more grid
 * points (about `budgetMs` of work) and returns the fraction done; `curves()` builds the curves once done.
 */
export class CurveComputation {
  readonly spec: DivergenceSpec;
  readonly thetas: number[];
  readonly step: number;
  readonly candidates: number[];
  readonly #samples: Sample[] = [];
  /** The evaluations at θ_c − δ, θ_c + δ of each candidate. */
  readonly #sides: [Sample, Sample][] = [];
  readonly #delta: number;

  constructor(spec: DivergenceSpec, count = spec.example === 'mixture' ? 121 : spec.example === 'gaussians' ? 161 : 401) {
    this.spec = spec;
    const { thetas, step } = thetaGrid(spec, count);
    this.candidates = jumpCandidates(spec);
    // Put every candidate on the grid, so that the value at a jump is one of the samples.
    this.thetas = [...new Set([...thetas, ...this.candidates])].sort((a, b) => a - b);
    this.step = step;
    this.#delta = 1e-9 * (spec.range[1] - spec.range[0]);
  }

  get total(): number {
    return this.thetas.length + this.candidates.length;
  }

  get done(): number {
    return this.#samples.length + this.#sides.length;
  }

  /** Evaluates more points, for about budgetMs (at least one); returns done / total. */
  next(budgetMs = 12): number {
    const start = performance.now();
    do {
      if (this.#samples.length < this.thetas.length) this.#samples.push(evaluate(this.spec, this.thetas[this.#samples.length]));
      else if (this.#sides.length < this.candidates.length) {
        const c = this.candidates[this.#sides.length];
        const lo = Math.max(this.spec.range[0], c - this.#delta);
        const hi = Math.min(this.spec.range[1], c + this.#delta);
        this.#sides.push([evaluate(this.spec, lo), evaluate(this.spec, hi)]);
      } else break;
    } while (performance.now() - start < budgetMs);
    return this.done / this.total;
  }

  /** Runs to the end (for tests and scripts). */
  finish(): this {
    while (this.done < this.total) this.next(1e9);
    return this;
  }

  /** The curves; only after every point is evaluated. */
  curves(): Curves {
    if (this.done < this.total) throw new Error('bug: curves() before the computation finished');
    const spec = this.spec;
    const samples = this.#samples;
    const numeric = spec.example === 'mixture';
    const values: Curve[] = [];
    const gradients: Curve[] = [];
    for (const name of spec.names) {
      const cuts = this.#cuts((s) => s.values[name]!);
      const valueCurve = build(name, samples, (s) => s.values[name]!, cuts.map((c) => c.jump));
      values.push(valueCurve);
      if (numeric) {
        // Central differences within each piece of the value curve (one-sided at its ends).
        const g = new Map<number, number>();
        for (const piece of valueCurve.pieces) {
          const pts = piece.points;
          pts.forEach((p, i) => {
            if (piece.infinite) return g.set(p.theta, 0);
            if (pts.length < 2) return;
            const a = pts[Math.max(0, i - 1)];
            const b = pts[Math.min(pts.length - 1, i + 1)];
            g.set(p.theta, (b.value - a.value) / (b.theta - a.theta));
          });
        }
        for (const s of samples) if (g.has(s.theta)) s.gradients[name] = g.get(s.theta)!;
        const jumpsAt = new Set(cuts.map((c) => c.jump.theta));
        gradients.push(build(name, samples.filter((s) => s.gradients[name] !== undefined && !jumpsAt.has(s.theta)), (s) => s.gradients[name]!, []));
      } else {
        const gcuts = this.#cuts((s) => s.gradients[name]!);
        gradients.push(build(name, samples, (s) => s.gradients[name]!, gcuts.map((c) => c.jump)));
      }
    }
    return { example: spec.example, description: describeExample(spec), range: spec.range, values, gradients, samples };
  }

  /** The candidates where f jumps. */
  #cuts(f: (s: Sample) => number): { jump: Jump }[] {
    const out: { jump: Jump }[] = [];
    this.candidates.forEach((c, i) => {
      const at = this.#samples.find((s) => s.theta === c)!;
      const [lo, hi] = this.#sides[i];
      const v = f(at);
      const left = c > this.spec.range[0] ? f(lo) : v;
      const right = c < this.spec.range[1] ? f(hi) : v;
      if (differs(v, left) || differs(v, right)) out.push({ jump: { theta: c, value: v, left, right } });
    });
    return out;
  }
}

/**
 * Cuts the samples into pieces: a new piece starts at each jump (the jump's own θ belongs to no piece; its
 * one-sided limits end and start the neighbouring pieces) and wherever f changes between finite and +∞.
 */
function build(name: DivergenceName, samples: readonly Sample[], f: (s: Sample) => number, jumps: Jump[]): Curve {
  const pieces: Piece[] = [];
  let current: Piece | undefined;
  const jumpAt = new Map(jumps.map((j) => [j.theta, j]));
  const push = (theta: number, value: number) => {
    if (Number.isNaN(value)) throw new Error(`bug: ${name} is NaN at θ = ${theta}`);
    const infinite = value === Infinity;
    if (!current || current.infinite !== infinite) {
      current = { infinite, points: [] };
      pieces.push(current);
    }
    current.points.push({ theta, value });
  };
  for (const s of samples) {
    const jump = jumpAt.get(s.theta);
    if (jump) {
      if (s.theta > samples[0].theta) push(jump.theta, jump.left);
      current = undefined;
      if (s.theta < samples[samples.length - 1].theta) push(jump.theta, jump.right);
      continue;
    }
    push(s.theta, f(s));
  }
  return { name, label: DIVERGENCE_LABELS[name], pieces, jumps };
}

/**
 * The readout at any θ: the chosen divergences and d/dθ there, by the same rules as the curves (src's gradients;
 * for `mixture`, the central difference with the grid step h).
 */
export function readoutAt(spec: DivergenceSpec, theta: number, step: number): Sample {
  const s = evaluate(spec, theta);
  if (spec.example !== 'mixture') return s;
  const lo = Math.max(spec.range[0], theta - step);
  const hi = Math.min(spec.range[1], theta + step);
  const a = evaluate(spec, lo);
  const b = evaluate(spec, hi);
  for (const n of spec.names) {
    const va = a.values[n]!;
    const vb = b.values[n]!;
    // Across a change between finite and +∞ there is no derivative: the entry is left out (the readout shows "—").
    if (va === Infinity && vb === Infinity) s.gradients[n] = 0;
    else if (Number.isFinite(va) && Number.isFinite(vb)) s.gradients[n] = (vb - va) / (hi - lo);
  }
  return s;
}

/** The samples as CSV rows: θ, then each divergence and its d/dθ (∞ written as "Infinity"). */
export function curveRows(curves: Curves): Record<string, number | string>[] {
  const names = curves.values.map((c) => c.name);
  return curves.samples.map((s) => {
    const row: Record<string, number | string> = { theta: s.theta };
    for (const n of names) {
      row[n] = s.values[n]!;
      if (s.gradients[n] !== undefined) row[`d_${n}`] = s.gradients[n]!;
    }
    return row;
  });
}
