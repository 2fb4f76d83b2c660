import type { Component } from './distribution.ts';
import { jsShape } from './f-divergence.ts';
import { erf, normalInterval, normalPdf } from './normal.ts';

/**
 * Divergences in closed form between two single components (normal, uniform, point). Sources: ../shared/
 * REFERENCES.md (Divergences); Gaussian KL: Kullback, Information Theory and Statistics (1959); W₂ between
 * Gaussians: Dowson & Landau, J. Multivariate Anal. 12 (1982); the 1-D Wasserstein distances are integrals of the
 * difference of quantile functions (wasserstein.ts), which here are affine in Φ⁻¹(u) or in u.
 *
 * With Δ = μ₁ − μ₂:
 * - KL(N₁‖N₂) = log(σ₂/σ₁) + (σ₁² + Δ²)/(2σ₂²) − ½ = ½(t − log(1 + t)) + Δ²/(2σ₂²), t = σ₁²/σ₂² − 1 (the second
 *   form has no cancellation when σ₁ ≈ σ₂).
 * - W₂(N₁, N₂) = √(Δ² + (σ₁ − σ₂)²); W₁(N₁, N₂) = E|m + sZ| with m = |Δ|, s = |σ₁ − σ₂|, Z ~ N(0, 1), because
 *   F₁⁻¹(u) − F₂⁻¹(u) = Δ + (σ₁ − σ₂)Φ⁻¹(u); the mean of the folded normal is E|m + sZ| = m·erf(m/(s√2)) + 2sφ(m/s)
 *   (= m when s = 0).
 * - TV(N₁, N₂): the densities cross where a quadratic vanishes (once, at the midpoint, when σ₁ = σ₂: TV =
 *   erf(|Δ|/(2√2σ))); TV = P₁(A) − P₂(A) for A = {p₁ > p₂}, bounded by the crossings.
 * - Uniforms U[a, b], U[c, d]: KL = log((d − c)/(b − a)) if [a, b] ⊆ [c, d], else +∞; F₁⁻¹ − F₂⁻¹ = α + βu with
 *   α = a − c, β = (b − a) − (d − c), so W₂² = (α + β/2)² + β²/12 and W₁ = ∫₀¹|α + βu| du; TV and JS from the
 *   piecewise-constant densities over the overlap.
 * - KL(U[a, b]‖N(μ, σ²)) = log(σ√(2π)/(b − a)) + ((b − a)²/12 + ((a + b)/2 − μ)²)/(2σ²); KL(N‖U) = +∞.
 * - A point δ_c against a component X without atoms: KL both ways +∞, JS = log 2, TV = 1 (disjoint supports:
 *   a point is a null set for a density), W₁ = E|X − c|, W₂ = √(Var X + (E X − c)²). Two points: all 0 if equal,
 *   else KL = +∞, JS = log 2, TV = 1 and W = |c₁ − c₂|.
 */

export type DivergenceName = 'kl' | 'reverseKl' | 'js' | 'tv' | 'w1' | 'w2';

/** x − log(1 + x) for x > −1, without cancellation near 0. */
export function xMinusLog1p(x: number): number {
  if (Math.abs(x) >= 0.1) return x - Math.log1p(x);
  // Σ_{k≥2} (−x)^k/k
  let pow = -x;
  let sum = 0;
  for (let k = 2; k <= 18; k++) {
    pow *= -x;
    sum += pow / k;
  }
  return sum;
}

/** KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)). */
export function gaussianKl(m1: number, s1: number, m2: number, s2: number): number {
  const t = ((s1 - s2) * (s1 + s2)) / (s2 * s2);
  const d = (m1 - m2) / s2;
  // t − log(1 + t) with 1 + t = (σ₁/σ₂)²: by series near t = 0, else with the logarithm taken of σ₁ and σ₂ apart
  // (1 + t rounds to 0 when σ₁/σ₂ < 1e−8).
  const shape = Math.abs(t) < 0.1 ? xMinusLog1p(t) : t - 2 * (Math.log(s1) - Math.log(s2));
  return 0.5 * shape + 0.5 * d * d;
}

/** E|m + sZ|, Z ~ N(0, 1): the mean of a folded normal. */
export function foldedNormalMean(m: number, s: number): number {
  const a = Math.abs(m);
  const b = Math.abs(s);
  if (b === 0) return a;
  return a * erf(a / (b * Math.SQRT2)) + 2 * b * normalPdf(a / b);
}

/** W₁(N(μ₁, σ₁²), N(μ₂, σ₂²)) = E|m + sZ|, m = |μ₁ − μ₂|, s = |σ₁ − σ₂|. */
export const gaussianW1 = (m1: number, s1: number, m2: number, s2: number): number => foldedNormalMean(m1 - m2, s1 - s2);

/** W₂(N(μ₁, σ₁²), N(μ₂, σ₂²)) = √((μ₁ − μ₂)² + (σ₁ − σ₂)²). */
export const gaussianW2 = (m1: number, s1: number, m2: number, s2: number): number => Math.hypot(m1 - m2, s1 - s2);

/**
 * Where the density of a narrower normal N(μ_n, σ_n²) exceeds that of a wider one N(μ_w, σ_w²), σ_n < σ_w: an
 * interval (z₁, z₂) in the narrow one's standard units z = (x − μ_n)/σ_n. With r = σ_n/σ_w ∈ (0, 1) and
 * d = (μ_n − μ_w)/σ_w, log p_n − log p_w = A z² + B z + C with A = (r² − 1)/2 < 0, B = d·r, C = d²/2 − log r > 0,
 * so there are always two roots; they are computed without cancellation (q = −½(B + sign(B)√(B² − 4AC)),
 * z = q/A and C/q). Working in standard units keeps the coefficients of order 1 even for σ_n = 1e−6 and
 * σ_w = 1e6, where the same quadratic in x loses every digit.
 */
function narrowDominance(mn: number, sn: number, mw: number, sw: number): [number, number] {
  const r = sn / sw;
  const d = (mn - mw) / sw;
  const A = 0.5 * (r - 1) * (r + 1);
  const B = d * r;
  const C = 0.5 * d * d - Math.log(r);
  const disc = Math.max(0, B * B - 4 * A * C);
  const q = -0.5 * (B + (B >= 0 ? 1 : -1) * Math.sqrt(disc));
  const z1 = q / A;
  const z2 = C / q;
  return [Math.min(z1, z2), Math.max(z1, z2)];
}

/**
 * The set {p₁ > p₂} of N(μ₁, σ₁²) against N(μ₂, σ₂²), as disjoint intervals in x: for equal σ the half-line on
 * μ₁'s side of the midpoint; otherwise the narrower density wins between two crossings (narrowDominance) and
 * loses outside them.
 */
export function gaussianDominance(m1: number, s1: number, m2: number, s2: number): [number, number][] {
  if (s1 === s2) {
    if (m1 === m2) return [];
    const mid = m1 + (m2 - m1) / 2;
    return m1 < m2 ? [[-Infinity, mid]] : [[mid, Infinity]];
  }
  if (s1 < s2) {
    const [z1, z2] = narrowDominance(m1, s1, m2, s2);
    return [[m1 + s1 * z1, m1 + s1 * z2]];
  }
  const [z1, z2] = narrowDominance(m2, s2, m1, s1);
  return [
    [-Infinity, m2 + s2 * z1],
    [m2 + s2 * z2, Infinity],
  ];
}

/**
 * TV(N(μ₁, σ₁²), N(μ₂, σ₂²)) = P₁(A) − P₂(A) for A = {p₁ > p₂}: for σ₁ = σ₂, erf(|Δμ|/(2√2σ)); otherwise, with
 * (z₁, z₂) the crossings in the narrower one's standard units, P_n(z₁ < Z ≤ z₂) − P_w(same interval), whose
 * standardization for the wider one is d + r·z.
 */
export function gaussianTv(m1: number, s1: number, m2: number, s2: number): number {
  if (s1 === s2) return erf(Math.abs(m1 - m2) / (2 * Math.SQRT2 * s1));
  const [mn, sn, mw, sw] = s1 < s2 ? [m1, s1, m2, s2] : [m2, s2, m1, s1];
  const [z1, z2] = narrowDominance(mn, sn, mw, sw);
  const r = sn / sw;
  const d = (mn - mw) / sw;
  const tv = normalInterval(z1, z2) - normalInterval(d + r * z1, d + r * z2);
  return Math.min(1, Math.max(0, tv));
}

/** KL(U[a, b] ‖ U[c, d]). */
export const uniformKl = (a: number, b: number, c: number, d: number): number => (c <= a && b <= d ? Math.log((d - c) / (b - a)) : Infinity);

/** Overlap length and the two heights of U[a, b] and U[c, d]. */
function overlap(a: number, b: number, c: number, d: number) {
  return { L: Math.max(0, Math.min(b, d) - Math.max(a, c)), h1: 1 / (b - a), h2: 1 / (d - c) };
}

/** JS(U[a, b], U[c, d]): log 2 times the mass outside the overlap, plus the overlap's ½(h₁ + h₂)·L·f(u). */
export function uniformJs(a: number, b: number, c: number, d: number): number {
  const { L, h1, h2 } = overlap(a, b, c, d);
  const outside = 0.5 * Math.LN2 * (Math.max(0, 1 - h1 * L) + Math.max(0, 1 - h2 * L));
  return Math.min(Math.LN2, outside + 0.5 * L * (h1 + h2) * jsShape((h1 - h2) / (h1 + h2)));
}

/** TV(U[a, b], U[c, d]) = ½[(1 − h₁L) + (1 − h₂L) + L|h₁ − h₂|]. */
export function uniformTv(a: number, b: number, c: number, d: number): number {
  const { L, h1, h2 } = overlap(a, b, c, d);
  return Math.min(1, 0.5 * (Math.max(0, 1 - h1 * L) + Math.max(0, 1 - h2 * L) + L * Math.abs(h1 - h2)));
}

/** W₁ and W₂ of U[a, b] and U[c, d], from F₁⁻¹ − F₂⁻¹ = α + βu. */
export function uniformW(a: number, b: number, c: number, d: number): { w1: number; w2: number } {
  const alpha = a - c;
  const beta = b - a - (d - c);
  const end = alpha + beta;
  const w1 = alpha * end >= 0 ? Math.abs(alpha + beta / 2) : (alpha * alpha + end * end) / (2 * Math.abs(beta));
  return { w1, w2: Math.hypot(alpha + beta / 2, beta / Math.sqrt(12)) };
}

/** KL(U[a, b] ‖ N(μ, σ²)). */
export function uniformNormalKl(a: number, b: number, mu: number, s: number): number {
  const mid = (a + b) / 2 - mu;
  return Math.log(s / (b - a)) + 0.5 * Math.log(2 * Math.PI) + ((b - a) ** 2 / 12 + mid * mid) / (2 * s * s);
}

/** E|X − c| for X a normal or uniform component. */
function meanDistance(k: Component, c: number): number {
  if (k.kind === 'normal') return foldedNormalMean(k.mean - c, k.std);
  if (k.kind === 'uniform') {
    if (c <= k.a) return (k.a + k.b) / 2 - c;
    if (c >= k.b) return c - (k.a + k.b) / 2;
    return ((c - k.a) ** 2 + (k.b - c) ** 2) / (2 * (k.b - k.a));
  }
  return Math.abs(k.at - c);
}

/** E(X − c)² for X a component. */
function meanSquare(k: Component, c: number): number {
  if (k.kind === 'normal') return k.std ** 2 + (k.mean - c) ** 2;
  if (k.kind === 'uniform') return (k.b - k.a) ** 2 / 12 + ((k.a + k.b) / 2 - c) ** 2;
  return (k.at - c) ** 2;
}

/** All the divergences between P and Q that have a closed form (a partial record; the rest need quadrature). */
export function closedForms(p: Component, q: Component): Partial<Record<DivergenceName, number>> {
  if (p.kind === 'point' && q.kind === 'point') {
    const d = Math.abs(p.at - q.at);
    return d === 0 ? { kl: 0, reverseKl: 0, js: 0, tv: 0, w1: 0, w2: 0 } : { kl: Infinity, reverseKl: Infinity, js: Math.LN2, tv: 1, w1: d, w2: d };
  }
  if (p.kind === 'point' || q.kind === 'point') {
    const [c, other] = p.kind === 'point' ? [p.at, q] : [(q as Component & { kind: 'point' }).at, p];
    return { kl: Infinity, reverseKl: Infinity, js: Math.LN2, tv: 1, w1: meanDistance(other, c), w2: Math.sqrt(meanSquare(other, c)) };
  }
  if (p.kind === 'normal' && q.kind === 'normal') {
    const args = [p.mean, p.std, q.mean, q.std] as const;
    return {
      kl: gaussianKl(...args),
      reverseKl: gaussianKl(q.mean, q.std, p.mean, p.std),
      tv: gaussianTv(...args),
      w1: gaussianW1(...args),
      w2: gaussianW2(...args),
    };
  }
  if (p.kind === 'uniform' && q.kind === 'uniform') {
    return {
      kl: uniformKl(p.a, p.b, q.a, q.b),
      reverseKl: uniformKl(q.a, q.b, p.a, p.b),
      js: uniformJs(p.a, p.b, q.a, q.b),
      tv: uniformTv(p.a, p.b, q.a, q.b),
      ...uniformW(p.a, p.b, q.a, q.b),
    };
  }
  // One normal, one uniform.
  if (p.kind === 'uniform' && q.kind === 'normal') return { kl: uniformNormalKl(p.a, p.b, q.mean, q.std), reverseKl: Infinity };
  if (p.kind === 'normal' && q.kind === 'uniform') return { kl: Infinity, reverseKl: uniformNormalKl(q.a, q.b, p.mean, p.std) };
  return {};
}
