/**
 * The linear assignment problem: given an n × n cost matrix C, the permutation σ minimizing Σᵢ C[i, σ(i)].
 *
 * The Hungarian method in its shortest-augmenting-path form with dual potentials (Kuhn 1955, Munkres 1957; the
 * O(n³) organisation of Jonker & Volgenant, Computing 38 (1987) 325–340, without their initialisation heuristics;
 * see Burkard, Dell'Amico & Martello, Assignment Problems, SIAM 2009, §4.4): rows are inserted one at a time; each
 * insertion runs Dijkstra on reduced costs C[i, j] − uᵢ − vⱼ ≥ 0 to the nearest free column and flips the
 * alternating path. The potentials returned are a dual certificate: uᵢ + vⱼ ≤ C[i, j] for all i, j, with equality
 * on the assignment, so Σuᵢ + Σvⱼ equals the optimal cost (LP duality).
 */
export interface Assignment {
  /** columnOf[i] = σ(i). */
  columnOf: Int32Array;
  /** Σᵢ C[i, σ(i)]. */
  cost: number;
  /** Dual potentials: u (rows) and v (columns). */
  u: Float64Array;
  v: Float64Array;
}

/** Solves the assignment problem for a row-major n × n cost matrix of finite numbers. */
export function solveAssignment(cost: ArrayLike<number>, n: number): Assignment {
  if (cost.length !== n * n) throw new RangeError(`cost has ${cost.length} entries, not ${n}×${n}`);
  // A row without a finite cost leaves no column to reach: the search below would never end.
  for (let k = 0; k < cost.length; k++) {
    if (!Number.isFinite(cost[k])) throw new RangeError(`cost[${Math.floor(k / n)}][${k % n}] is ${cost[k]}, not a finite number`);
  }
  // 1-based arrays; column 0 is the virtual start of each augmenting path.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const rowOf = new Int32Array(n + 1); // rowOf[j]: the row assigned to column j (0 = free)
  const way = new Int32Array(n + 1);
  const minv = new Float64Array(n + 1);
  const used = new Uint8Array(n + 1);
  for (let i = 1; i <= n; i++) {
    rowOf[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOf[j0];
      const base = (i0 - 1) * n - 1;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost[base + j] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[rowOf[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (rowOf[j0] !== 0);
    // Flip the alternating path back to the start.
    do {
      const j1 = way[j0];
      rowOf[j0] = rowOf[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const columnOf = new Int32Array(n);
  let total = 0;
  for (let j = 1; j <= n; j++) {
    columnOf[rowOf[j] - 1] = j - 1;
    total += cost[(rowOf[j] - 1) * n + (j - 1)];
  }
  return { columnOf, cost: total, u: u.slice(1), v: v.slice(1) };
}
