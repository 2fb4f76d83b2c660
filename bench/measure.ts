/**
 * Timing helpers for `npm run bench`. These machines are noisy (2 cores shared), so every number is the median of
 * several repeats after a warm-up, and every comparison is a ratio against a baseline measured in the same run.
 */
export interface Measurement {
  /** Median seconds per repeat. */
  seconds: number;
  /** Work units per second at the median. */
  rate: number;
}

/** Runs `fn` (which does `units` units of work) `warmup` times, then `repeats` times, and returns the median. */
export function measure(fn: () => void, units: number, repeats = 7, warmup = 2): Measurement {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  const seconds = times[Math.floor(times.length / 2)];
  return { seconds, rate: units / seconds };
}

/** Interleaves the repeats of two functions, so that a slow spell of the machine hits both alike. */
export function compare(a: () => void, b: () => void, units: number, repeats = 9): [Measurement, Measurement] {
  a();
  b();
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < repeats; i++) {
    let t0 = performance.now();
    a();
    ta.push((performance.now() - t0) / 1000);
    t0 = performance.now();
    b();
    tb.push((performance.now() - t0) / 1000);
  }
  const med = (t: number[]) => [...t].sort((x, y) => x - y)[Math.floor(t.length / 2)];
  return [
    { seconds: med(ta), rate: units / med(ta) },
    { seconds: med(tb), rate: units / med(tb) },
  ];
}

export const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(1)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(1));
