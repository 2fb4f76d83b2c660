/**
 * Seeded randomness for the GAN trainer, drawn in JavaScript rather than by tfjs.
 *
 * Every random number of a run (initial weights, data batches, latent codes, instance noise, interpolation weights,
 * sliced-Wasserstein directions) comes from a {@link Rng} made from the run's seed, so that the same configuration,
 * seed and backend give the same numbers. Drawing in JavaScript and uploading the result (one `tf.tensor` per batch)
 * is also what makes the numbers the same on every backend up to float rounding: `tf.randomNormal` with a seed is
 * reproducible only per call and per backend.
 *
 * The generator is mulberry32 (Tommy Ettinger, public domain): 32 bits of state, period 2³², fast and well mixed
 * for the batch sizes here. Independent streams (init, data, latent, noise, metrics) are derived from the seed with
 * {@link Rng.derive}, so that changing how often metrics are read does not change the training numbers.
 */
/** A stream's position: `state` a uint32, `spare` the second Box–Muller deviate not yet served (or null). */
export interface RngState {
  state: number;
  spare: number | null;
}

export class Rng {
  private state: number;
  /** A second normal deviate of Box–Muller, kept for the next call. */
  private spare: number | undefined;

  /** `seed`: an integer in [0, 2³¹ − 1] (the range the rest of Saddle uses). */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The stream's position (its 32-bit state and the pending Box–Muller deviate): plain data, for checkpoints. */
  getState(): RngState {
    return { state: this.state >>> 0, spare: this.spare ?? null };
  }

  /** Puts the stream back at a position {@link getState} returned: it then draws what the saved stream would have. */
  setState(s: RngState): void {
    this.state = s.state | 0;
    this.spare = s.spare ?? undefined;
  }

  /** A uniform number in [0, 1), 32 bits of resolution. */
  uniform(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer uniform in {0, …, n − 1}. */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** A standard normal deviate (Box–Muller; the pair's second value is served by the next call). */
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    // 1 − u lies in (0, 1], so the logarithm is finite.
    const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const a = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(a);
    return r * Math.cos(a);
  }

  /** Fills `out` with N(mean, std²) deviates and returns it. */
  fillNormal(out: Float32Array, mean = 0, std = 1): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** Fills `out` with U[lo, hi) deviates and returns it. */
  fillUniform(out: Float32Array, lo = 0, hi = 1): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * this.uniform();
    return out;
  }

  /**
   * An independent stream for purpose `k` (a small integer or a name), a pure function of this stream's seed (not
   * of how many numbers it has drawn): the splitmix32 finalizer of seed ⊕ hash(k).
   */
  static derive(seed: number, k: number | string): Rng {
    let h = typeof k === 'number' ? k : [...k].reduce((a, c) => Math.imul(a ^ c.charCodeAt(0), 0x01000193), 0x811c9dc5);
    h = (Math.imul(seed >>> 0, 0x9e3779b9) ^ Math.imul(h, 0x85ebca6b)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
    h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
    return new Rng((h ^ (h >>> 15)) >>> 0);
  }
}
