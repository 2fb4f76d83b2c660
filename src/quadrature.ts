/**
 * Gauss–Hermite quadrature for expectations under a normal distribution:
 * E[g(ε)], ε ~ N(0, σ²), ≈ Σₖ wₖ·g(√2·σ·xₖ)/√π, exact for polynomials g of degree < 2m.
 *
 * Nodes xₖ are the roots of the physicists' Hermite polynomial Hₘ, found by Newton's method on the normalized
 * three-term recurrence from the asymptotic first guesses of Numerical Recipes (Press et al., 3rd ed., §4.6,
 * `gauher`); weights wₖ = 2/(H̃′ₘ(xₖ))² in that normalization.
 */
export function gaussHermite(m: number): { nodes: Float64Array; weights: Float64Array } {
  // The normalized recurrence underflows past m ≈ 190 (weights summing to ~1e-161 at m = 200).
  if (!Number.isInteger(m) || m < 1 || m > 150) throw new RangeError(`gaussHermite: m must be an integer in [1, 150], got ${m}`);
  const x = new Float64Array(m);
  const w = new Float64Array(m);
  const pim4 = Math.pow(Math.PI, -0.25);
  const half = Math.floor((m + 1) / 2);
  let z = 0;
  for (let i = 0; i < half; i++) {
    if (i === 0) z = Math.sqrt(2 * m + 1) - 1.85575 * Math.pow(2 * m + 1, -0.16667);
    else if (i === 1) z -= (1.14 * Math.pow(m, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0];
    else if (i === 3) z = 1.91 * z - 0.91 * x[1];
    else z = 2 * z - x[i - 2];
    let pp = 0;
    for (let its = 0; its < 100; its++) {
      let p1 = pim4;
      let p2 = 0;
      for (let j = 0; j < m; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / (j + 1)) * p2 - Math.sqrt(j / (j + 1)) * p3;
      }
      pp = Math.sqrt(2 * m) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    x[i] = z;
    x[m - 1 - i] = -z;
    w[i] = 2 / (pp * pp);
    w[m - 1 - i] = w[i];
  }
  return { nodes: x, weights: w };
}

/** Nodes εₖ and probability weights pₖ (Σ pₖ = 1) with E[g(ε)] ≈ Σ pₖ g(εₖ) for ε ~ N(0, σ²). */
export function normalExpectation(sigma: number, m = 32): { points: Float64Array; probs: Float64Array } {
  if (sigma === 0) return { points: new Float64Array([0]), probs: new Float64Array([1]) };
  const { nodes, weights } = gaussHermite(m);
  const points = nodes.map((t) => Math.SQRT2 * sigma * t);
  const probs = weights.map((v) => v / Math.sqrt(Math.PI));
  return { points, probs };
}
