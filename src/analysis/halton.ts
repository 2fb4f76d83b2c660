/**
 * The Halton sequence (Halton 1960): point k has coordinate j equal to the radical inverse of k in the j-th prime
 * base, k = 1, 2, …: a low-discrepancy, deterministic cover of the unit cube, so that multi-start searches are
 * reproducible without a seed and leave no large hole unvisited (Niederreiter 1992, §3.1).
 */
export function halton(count: number, dim: number): number[][] {
  const primes: number[] = [];
  for (let p = 2; primes.length < dim; p++) if (primes.every((q) => p % q !== 0)) primes.push(p);
  return Array.from({ length: count }, (_, i) =>
    primes.map((base) => {
      let f = 1;
      let r = 0;
      for (let k = i + 1; k > 0; k = Math.floor(k / base)) {
        f /= base;
        r += f * (k % base);
      }
      return r;
    }),
  );
}
