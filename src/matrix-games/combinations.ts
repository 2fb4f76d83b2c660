/**
 * The k-element subsets of {0, …, n−1} in lexicographic order, and their count C(n, k) = n! / (k!(n−k)!): the
 * supports that support enumeration tries and the bases that vertex enumeration tries.
 */

/** C(n, k), exact for the sizes used here (as a float beyond 2⁵³). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** Every k-subset of {0, …, n−1}, each a fresh sorted array, lexicographically. */
export function* subsets(n: number, k: number): Generator<number[]> {
  if (k > n || k < 0) return;
  const s = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    yield s.slice();
    let i = k - 1;
    while (i >= 0 && s[i] === n - k + i) i--;
    if (i < 0) return;
    s[i]++;
    for (let j = i + 1; j < k; j++) s[j] = s[j - 1] + 1;
  }
}
