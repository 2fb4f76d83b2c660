/**
 * The latent codes `<saddle-gan-images>` feeds its generator: interpolation ends exactly at its two codes, slerp keeps
 * the norm of equal-norm codes and stays in their plane, the straight line is affine in t; a traversal row differs
 * from the base code in exactly its one coordinate; the conditional grid holds a column's code down the digits; the
 * one-hot rows and the joint batch's layout are what the engine slices. The attributes become a configuration that
 * gan/config.ts accepts, and a bad attribute is an InputError that names it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conditionalLatents,
  IMAGE_DEFAULTS,
  interpolationLatents,
  layoutBatch,
  readImagesAttributes,
  traversalLatents,
  traversalValues,
  withOneHot,
  type ImagesAttributes,
} from '../../components/gan-images-model.ts';
import { parseGanConfig } from '../../gan/config.ts';
import { InputError } from '../../src/errors.ts';

const f32 = (x: number) => Math.fround(x);
const coordinate = fc.float({ min: f32(-3), max: f32(3), noNaN: true, noDefaultInfinity: true });
/** Two codes of one dimension (1–32), as Float32Arrays. */
const codePair = fc.integer({ min: 1, max: 32 }).chain((d) => fc.tuple(fc.float32Array({ minLength: d, maxLength: d, min: f32(-3), max: f32(3), noNaN: true }), fc.float32Array({ minLength: d, maxLength: d, min: f32(-3), max: f32(3), noNaN: true })));
const norm = (v: ArrayLike<number>) => Math.hypot(...Array.from(v));
const row = (out: Float32Array, k: number, d: number) => out.subarray(k * d, (k + 1) * d);

describe('interpolation', () => {
  it('starts at a and ends at b, bit for bit, for both kinds and any number of steps', () => {
    fc.assert(
      fc.property(codePair, fc.integer({ min: 2, max: 16 }), fc.constantFrom('linear' as const, 'slerp' as const), ([a, b], steps, kind) => {
        const out = interpolationLatents(a, b, steps, kind);
        expect(out.length).toBe(steps * a.length);
        expect([...row(out, 0, a.length)]).toEqual([...a]);
        expect([...row(out, steps - 1, a.length)]).toEqual([...b]);
      }),
    );
  });

  it('linear: z(t_k) = (1 − t_k)·a + t_k·b', () => {
    fc.assert(
      fc.property(codePair, fc.integer({ min: 2, max: 12 }), ([a, b], steps) => {
        const d = a.length;
        const out = interpolationLatents(a, b, steps, 'linear');
        for (let k = 0; k < steps; k++) {
          const t = k / (steps - 1);
          for (let i = 0; i < d; i++) expect(out[k * d + i]).toBeCloseTo((1 - t) * a[i] + t * b[i], 5);
        }
      }),
    );
  });

  it('slerp keeps the norm of two codes of equal norm (White 2016), where the straight line shrinks it', () => {
    fc.assert(
      fc.property(codePair, fc.integer({ min: 3, max: 12 }), ([a, raw], steps) => {
        const d = a.length;
        const na = norm(a);
        const nb = norm(raw);
        fc.pre(na > 0.1 && nb > 0.1);
        const b = raw.map((v) => (v * na) / nb);
        const cos = a.reduce((s, v, i) => s + v * b[i], 0) / (na * norm(b));
        fc.pre(Math.abs(cos) < 0.999);
        const out = interpolationLatents(a, b, steps, 'slerp');
        for (let k = 0; k < steps; k++) expect(norm(row(out, k, d)) / na).toBeCloseTo(1, 4);
      }),
    );
  });

  it('collinear codes fall back to the straight line (no division by sin Ω = 0)', () => {
    fc.assert(
      fc.property(fc.array(coordinate, { minLength: 1, maxLength: 8 }), fc.double({ min: 0.5, max: 2, noNaN: true }), (a, c) => {
        const b = a.map((v) => v * c);
        const out = interpolationLatents(a, b, 5, 'slerp');
        expect(out.every(Number.isFinite)).toBe(true);
        for (let i = 0; i < a.length; i++) expect(out[2 * a.length + i]).toBeCloseTo(f32((a[i] + b[i]) / 2), 4);
      }),
    );
  });
});

describe('traversal', () => {
  it('row r, column c differs from the base code in coordinate dims[r] only, which holds values[c]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }).chain((d) => fc.tuple(fc.float32Array({ minLength: d, maxLength: d, noNaN: true, noDefaultInfinity: true }), fc.uniqueArray(fc.integer({ min: 0, max: d - 1 }), { minLength: 1, maxLength: d }))),
        fc.constantFrom('uniform' as const, 'gaussian' as const),
        fc.integer({ min: 2, max: 11 }),
        ([base, dims], prior, count) => {
          const values = traversalValues(prior, count);
          const d = base.length;
          const out = traversalLatents(base, dims, values);
          expect(out.length).toBe(dims.length * count * d);
          dims.forEach((j, r) =>
            values.forEach((v, c) => {
              const z = row(out, r * count + c, d);
              for (let i = 0; i < d; i++) expect(z[i]).toBe(i === j ? f32(v) : base[i]);
            }),
          );
        },
      ),
    );
  });

  it('values run evenly from −span to span (1 for uniform, 2 for Gaussian), symmetric about 0', () => {
    fc.assert(
      fc.property(fc.constantFrom('uniform' as const, 'gaussian' as const), fc.integer({ min: 2, max: 40 }), (prior, count) => {
        const v = traversalValues(prior, count);
        const span = prior === 'uniform' ? 1 : 2;
        expect(v[0]).toBe(-span);
        expect(v[count - 1]).toBeCloseTo(span, 12);
        for (let c = 0; c < count; c++) expect(v[c] + v[count - 1 - c]).toBeCloseTo(0, 12);
        for (let c = 1; c < count; c++) expect(v[c] - v[c - 1]).toBeCloseTo((2 * span) / (count - 1), 12);
      }),
    );
  });

  it('a dimension outside the code is a RangeError', () => {
    expect(() => traversalLatents(new Float32Array(3), [3], [0, 1])).toThrow(/dimension 3 is not one of 0–2/);
  });
});

describe('conditional rows and one-hot labels', () => {
  it('row y holds label y; a column keeps its code down the rows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 2, max: 10 }), (d, columns, K) => {
        const codes = Float32Array.from({ length: d * columns }, (_, i) => i + 0.5);
        const { latents, labels } = conditionalLatents(codes, d, K);
        expect(labels.length).toBe(K * columns);
        for (let y = 0; y < K; y++)
          for (let c = 0; c < columns; c++) {
            expect(labels[y * columns + c]).toBe(y);
            expect([...row(latents, y * columns + c, d)]).toEqual([...row(codes, c, d)]);
          }
      }),
    );
  });

  it('withOneHot appends one-hot(label) to each code; K = 0 keeps the codes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 10 }), fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), (d, K, raw) => {
        const labels = raw.map((y) => y % K);
        const codes = Float32Array.from({ length: d * labels.length }, (_, i) => i - 3);
        const out = withOneHot(codes, d, labels, K);
        labels.forEach((y, i) => {
          const r = row(out, i, d + K);
          expect([...r.subarray(0, d)]).toEqual([...row(codes, i, d)]);
          expect([...r.subarray(d)]).toEqual(Array.from({ length: K }, (_, k) => (k === y ? 1 : 0)));
        });
        expect([...withOneHot(codes, d, [], 0)]).toEqual([...codes]);
      }),
    );
    expect(() => withOneHot(new Float32Array(2), 1, [0, 10], 10)).toThrow(/label 10 at 1/);
  });
});

describe('the joint batch', () => {
  it('lays the views end to end: each part starts where the previous ended, the count is their sum', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(12), fc.nat(12)), { minLength: 1, maxLength: 6 }), (sizes) => {
        const names = sizes.map((_, i) => `v${i}`);
        const { parts, count } = layoutBatch(sizes.map(([r, c], i) => [names[i], r, c] as const));
        let offset = 0;
        sizes.forEach(([r, c], i) => {
          expect(parts[names[i]]).toEqual({ offset, rows: r, columns: c });
          offset += r * c;
        });
        expect(count).toBe(offset);
      }),
    );
  });
});

describe('attributes', () => {
  it('the defaults are a valid MNIST DCGAN configuration (gan/config.ts accepts it)', () => {
    const s = readImagesAttributes({});
    const config = parseGanConfig(s.config);
    expect(config.dataset).toEqual({ name: 'mnist' });
    expect(config.generator).toMatchObject({ kind: 'dcgan', channels: IMAGE_DEFAULTS.channels });
    expect(config.latent.dim).toBe(IMAGE_DEFAULTS.latent);
    expect(config.options).toEqual({ beta1: 0.5 });
    expect([...s.views]).toEqual(['grid', 'histogram', 'interpolation', 'traversal', 'conditional']);
  });

  it('valid attribute values pass through to a configuration the engine accepts', () => {
    fc.assert(
      fc.property(
        fc.record({
          model: fc.constantFrom('dcgan', 'mlp'),
          lr: fc.double({ min: 1e-5, max: 1, noNaN: true }),
          batch: fc.integer({ min: 1, max: 256 }),
          latent: fc.integer({ min: 1, max: 64 }),
          seed: fc.nat(1000),
          digits: fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 10 }),
          conditional: fc.boolean(),
        }),
        (r) => {
          const a: ImagesAttributes = { model: r.model, lr: String(r.lr), batch: String(r.batch), latent: String(r.latent), seed: String(r.seed), digits: r.digits.join(','), conditional: r.conditional ? '' : null };
          const config = parseGanConfig(readImagesAttributes(a).config);
          expect(config.lr).toBe(r.lr);
          expect(config.batch).toBe(r.batch);
          expect(config.latent.dim).toBe(r.latent);
          expect(config.seed).toBe(r.seed);
          expect(config.conditional).toBe(r.conditional);
          expect(config.dataset).toEqual({ name: 'mnist', digits: r.digits });
          expect(config.generator.kind ?? 'mlp').toBe(r.model);
        },
      ),
    );
  });

  it('a bad attribute is an InputError naming it', () => {
    const bad: [ImagesAttributes, RegExp][] = [
      [{ lr: '-1' }, /attribute lr/],
      [{ batch: '0' }, /attribute batch/],
      [{ latent: 'two' }, /attribute latent/],
      [{ model: 'resnet' }, /attribute model.*dcgan or mlp/],
      [{ digits: '1,1' }, /attribute digits.*twice/],
      [{ digits: '12' }, /attribute digits/],
      [{ views: 'grid,heat' }, /attribute views.*unknown view "heat"/],
      [{ config: '{' }, /attribute config.*not JSON/],
      [{ conditional: 'yes' }, /attribute conditional/],
      [{ beta1: '1' }, /attribute beta1/],
    ];
    for (const [a, message] of bad) {
      let error: unknown;
      try {
        readImagesAttributes(a);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toMatch(message);
    }
  });
});
