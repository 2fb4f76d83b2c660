import { closedForms, type DivergenceName } from './closed-forms.ts';
import { asComponent, partsOf, type Distribution } from './distribution.ts';
import { jsByIntegration, klByIntegration, tvByIntegration } from './f-divergence.ts';
import type { IntegrateOptions, Integral } from './integrate.ts';
import { absolutelyContinuous } from './support.ts';
import { w1ByCdf, wassersteinByQuantiles } from './wasserstein.ts';

/**
 * The six divergences the lecture compares, between two 1-D distributions P and Q:
 *
 *   kl = KL(P‖Q) = ∫ p log(p/q),  reverseKl = KL(Q‖P),  js = ½KL(P‖M) + ½KL(Q‖M) with M = (P + Q)/2,
 *   tv = sup_A |P(A) − Q(A)|,  w1 = inf_γ E_γ|X − Y|,  w2 = (inf_γ E_γ|X − Y|²)^{1/2}
 *
 * (γ over couplings of P and Q). Each comes from a closed form when P and Q are single components and one exists
 * (closed-forms.ts), else from its exact definition: +∞ decided from the supports, sums over atoms, and adaptive
 * Gauss–Kronrod quadrature over the densities (f-divergence.ts) or the quantile functions (wasserstein.ts).
 *
 * Infinity is an answer (KL between distributions with different supports); NaN never is: a NaN here is a bug and
 * throws.
 */

export type { DivergenceName } from './closed-forms.ts';
export type Divergences = Record<DivergenceName, number>;

/** The order of the six in every output. */
export const DIVERGENCE_NAMES: readonly DivergenceName[] = ['kl', 'reverseKl', 'js', 'tv', 'w1', 'w2'];

/** How a value was obtained. */
export type Method = 'closed form' | 'supports' | 'atoms' | 'quadrature';

export interface DivergenceReport {
  values: Divergences;
  methods: Record<DivergenceName, Method>;
  /** Estimated absolute error (0 for closed forms and exact sums). */
  errors: Record<DivergenceName, number>;
}

const atomic = (d: Distribution) => partsOf(d).every((x) => x.component.kind === 'point');

/** One divergence by its definition (no closed forms). */
function byDefinition(name: DivergenceName, p: Distribution, q: Distribution, options?: IntegrateOptions): { value: number; error: number; method: Method } {
  // Between purely atomic distributions every "integral" is a finite sum, exact to rounding.
  const from = (r: Integral): { value: number; error: number; method: Method } => ({
    value: r.value,
    error: r.error,
    method: atomic(p) && atomic(q) ? 'atoms' : 'quadrature',
  });
  switch (name) {
    case 'kl':
      return absolutelyContinuous(p, q) ? from(klByIntegration(p, q, options)) : { value: Infinity, error: 0, method: 'supports' };
    case 'reverseKl':
      return absolutelyContinuous(q, p) ? from(klByIntegration(q, p, options)) : { value: Infinity, error: 0, method: 'supports' };
    case 'js':
      return from(jsByIntegration(p, q, options));
    case 'tv':
      return from(tvByIntegration(p, q, options));
    case 'w1':
      return from(w1ByCdf(p, q, options));
    case 'w2':
      return from(wassersteinByQuantiles(p, q, 2, options));
  }
}

export interface DivergenceOptions extends IntegrateOptions {
  /** Use closed forms where they exist (default true); false computes everything from the definitions. */
  closedForms?: boolean;
}

/** All six divergences with how each was obtained and its error estimate. */
export function divergenceReport(p: Distribution, q: Distribution, options: DivergenceOptions = {}): DivergenceReport {
  const a = asComponent(p);
  const b = asComponent(q);
  const closed = options.closedForms !== false && a && b ? closedForms(a, b) : {};
  const values = {} as Divergences;
  const methods = {} as Record<DivergenceName, Method>;
  const errors = {} as Record<DivergenceName, number>;
  for (const name of DIVERGENCE_NAMES) {
    const c = closed[name];
    const r = c !== undefined ? { value: c, error: 0, method: 'closed form' as Method } : byDefinition(name, p, q, options);
    if (Number.isNaN(r.value)) throw new Error(`bug: ${name} is NaN (${r.method})`);
    values[name] = r.value;
    methods[name] = r.method;
    errors[name] = r.error;
  }
  return { values, methods, errors };
}

/** {kl, reverseKl, js, tv, w1, w2} between P and Q. */
export const divergences = (p: Distribution, q: Distribution, options?: DivergenceOptions): Divergences => divergenceReport(p, q, options).values;

/** One divergence (closed form when there is one). */
export function divergence(name: DivergenceName, p: Distribution, q: Distribution, options?: IntegrateOptions): number {
  const a = asComponent(p);
  const b = asComponent(q);
  const c = a && b ? closedForms(a, b)[name] : undefined;
  const v = c ?? byDefinition(name, p, q, options).value;
  if (Number.isNaN(v)) throw new Error(`bug: ${name} is NaN`);
  return v;
}

export const kl = (p: Distribution, q: Distribution) => divergence('kl', p, q);
export const reverseKl = (p: Distribution, q: Distribution) => divergence('reverseKl', p, q);
export const js = (p: Distribution, q: Distribution) => divergence('js', p, q);
export const tv = (p: Distribution, q: Distribution) => divergence('tv', p, q);
export const w1 = (p: Distribution, q: Distribution) => divergence('w1', p, q);
export const w2 = (p: Distribution, q: Distribution) => divergence('w2', p, q);
