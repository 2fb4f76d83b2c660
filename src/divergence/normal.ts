/**
 * The standard normal distribution to full double precision, tails included: φ, log φ, Φ, the upper tail
 * Φ̄(z) = 1 − Φ(z) = Φ(−z) (computed directly, never as 1 − Φ), erf, erfc and the quantile Φ⁻¹.
 *
 * - erf and erfc: W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969)
 *   631–637, with the coefficients of his SPECFUN routine CALERF (netlib specfun/erf, 1990); relative error below
 *   ~1e-16 on each of the three intervals [0, 0.46875], (0.46875, 4], (4, ∞). erfc keeps its relative accuracy
 *   down to the underflow of e^{−x²} near x ≈ 26.5.
 * - Φ(z) = ½·erfc(−z/√2), Φ̄(z) = ½·erfc(z/√2), φ(z) = e^{−z²/2}/√(2π).
 * - Φ⁻¹: M. J. Wichura, "Algorithm AS 241: The percentage points of the normal distribution", Applied Statistics 37
 *   (1988) 477–484 (PPND16), relative accuracy about 1e-16. `normalUpperQuantile(q)` = Φ̄⁻¹(q) = −Φ⁻¹(q) takes the
 *   upper-tail probability itself, so that quantiles near 1 keep their precision.
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const SQRPI = 5.6418958354775628695e-1; // 1/√π

// Cody's coefficients (CALERF): erf on [0, 0.46875] ...
const A = [3.1611237438705656, 1.13864154151050156e2, 3.77485237685302021e2, 3.20937758913846947e3, 1.85777706184603153e-1];
const B = [2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3, 2.84423683343917062e3];
// ... erfc on (0.46875, 4] ...
const C = [
  5.64188496988670089e-1, 8.88314979438837594, 6.61191906371416295e1, 2.98635138197400131e2, 8.81952221241769090e2,
  1.71204761263407058e3, 2.05107837782607147e3, 1.23033935479799725e3, 2.15311535474403846e-8,
];
const D = [
  1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3, 3.29079923573345963e3,
  4.36261909014324716e3, 3.43936767414372164e3, 1.23033935480374942e3,
];
// ... and erfc on (4, ∞).
const P = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
const Q = [2.56852019228982242, 1.87295284992346047, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

const THRESH = 0.46875;

/** erf(y)/y-free form on 0 ≤ y ≤ 0.46875. */
function erfSmall(y: number): number {
  const ysq = y * y;
  let num = A[4] * ysq;
  let den = ysq;
  for (let i = 0; i < 3; i++) {
    num = (num + A[i]) * ysq;
    den = (den + B[i]) * ysq;
  }
  return (y * (num + A[3])) / (den + B[3]);
}

/** e^{−y²} computed as e^{−ŷ²}·e^{−(y−ŷ)(y+ŷ)} with ŷ = ⌊16y⌋/16, Cody's guard against the rounding of y². */
function expMinusSquare(y: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq) * Math.exp(-del);
}

/** erfc(y) for y > 0.46875. */
function erfcLarge(y: number): number {
  if (y >= 26.6) return 0; // e^{−y²} underflows
  let r: number;
  if (y <= 4) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    r = (num + C[7]) / (den + D[7]);
  } else {
    const ysq = 1 / (y * y);
    let num = P[5] * ysq;
    let den = ysq;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * ysq;
      den = (den + Q[i]) * ysq;
    }
    r = (ysq * (num + P[4])) / (den + Q[4]);
    r = (SQRPI - r) / y;
  }
  return expMinusSquare(y) * r;
}

/** The error function erf(x) = (2/√π)∫₀ˣ e^{−t²} dt. */
export function erf(x: number): number {
  const y = Math.abs(x);
  const v = y <= THRESH ? erfSmall(y) : 1 - erfcLarge(y);
  return x < 0 ? -v : v;
}

/** The complementary error function erfc(x) = 1 − erf(x), with full relative accuracy for large x. */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESH) return 1 - (x < 0 ? -erfSmall(y) : erfSmall(y));
  const v = erfcLarge(y);
  return x < 0 ? 2 - v : v;
}

/** φ(z) = e^{−z²/2}/√(2π). */
export const normalPdf = (z: number): number => Math.exp(-0.5 * z * z) / SQRT_2PI;

/** log φ(z) = −z²/2 − log √(2π), finite for every finite z. */
export const normalLogPdf = (z: number): number => -0.5 * z * z - LOG_SQRT_2PI;

/** Φ(z) = P(Z ≤ z). */
export const normalCdf = (z: number): number => 0.5 * erfc(-z / Math.SQRT2);

/** Φ̄(z) = P(Z > z) = Φ(−z), accurate far into the upper tail. */
export const normalSurvival = (z: number): number => 0.5 * erfc(z / Math.SQRT2);

/** P(a < Z ≤ b) for a ≤ b, from whichever tail keeps the precision. */
export function normalInterval(a: number, b: number): number {
  if (!(a < b)) return 0;
  if (a >= 0) return normalSurvival(a) - normalSurvival(b);
  if (b <= 0) return normalCdf(b) - normalCdf(a);
  return 1 - normalCdf(a) - normalSurvival(b);
}

const poly = (c: readonly number[], x: number) => {
  let v = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) v = v * x + c[i];
  return v;
};

// Wichura's AS 241 (PPND16) coefficients, constant term first.
const AS241 = {
  a: [3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727],
  b: [1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061, 28729.085735721942674, 5226.495278852854561],
  c: [1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4],
  d: [1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9],
  e: [6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7],
  f: [1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15],
};

/** Φ⁻¹ in the tail: the quantile of the lower-tail probability r ≤ 0.075, as a negative number. */
function lowerTailQuantile(r: number): number {
  const s = Math.sqrt(-Math.log(r));
  const v = s <= 5 ? poly(AS241.c, s - 1.6) / poly(AS241.d, s - 1.6) : poly(AS241.e, s - 5) / poly(AS241.f, s - 5);
  return -v;
}

/** Φ⁻¹(p) for p in [0, 1]: −Infinity at 0, Infinity at 1. */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(AS241.a, r)) / poly(AS241.b, r);
  }
  return q < 0 ? lowerTailQuantile(p) : -lowerTailQuantile(1 - p);
}

/** Φ̄⁻¹(q) = −Φ⁻¹(q): the z with P(Z > z) = q, exact in q for q near 0 (quantiles near 1). */
export function normalUpperQuantile(q: number): number {
  if (q <= 0) return Infinity;
  if (q >= 1) return -Infinity;
  if (q < 0.075) return -lowerTailQuantile(q);
  return -normalQuantile(q);
}
