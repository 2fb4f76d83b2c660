/**
 * The presets: each is a valid partial configuration with a description, the phenomenon it shows and a budget; a
 * cure names problem presets; `withPreset` lets every given key win and merges the nested objects one level down.
 * The presets' claims in a cheap form are in presets-claims.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGanConfig } from '../../gan/config.ts';
import { lossNames } from '../../gan/losses.ts';
import { getPreset, presetNames, presets, withPreset } from '../../gan/presets.ts';
import { InputError } from '../../src/errors.ts';
import { optimizers } from '../../src/optim/index.ts';

describe('the preset table', () => {
  it.each(presetNames)('%s: a valid configuration, a one-line description and phenomenon, a positive budget', (name) => {
    const p = presets[name];
    expect(() => parseGanConfig(p.config)).not.toThrow();
    for (const line of [p.description, p.shows]) {
      expect(line.length).toBeGreaterThan(10);
      expect(line).not.toMatch(/\n/);
    }
    expect(Number.isInteger(p.steps) && p.steps > 0).toBe(true);
    expect(Object.hasOwn(optimizers, parseGanConfig(p.config).optimizer)).toBe(true);
  });

  it('has the lecture’s problems and their cures; every cure answers problem presets', () => {
    const problems = presetNames.filter((n) => presets[n].kind === 'problem');
    expect(problems).toEqual(expect.arrayContaining(['mode-collapse', 'oscillation', 'vanishing-gradients']));
    const cures = presetNames.filter((n) => presets[n].kind === 'cure');
    expect(cures).toEqual(
      expect.arrayContaining(['non-saturating', 'alternating', 'extragradient', 'optimistic', 'r1', 'instance-noise', 'wgan-gp', 'unrolled']),
    );
    for (const c of cures) {
      expect(presets[c].cures?.length).toBeGreaterThan(0);
      for (const target of presets[c].cures!) expect(presets[target as keyof typeof presets]?.kind).toBe('problem');
    }
    for (const p of problems) expect(presets[p].cures).toBeUndefined();
  });

  it('each cure changes one thing of the problem it answers', () => {
    const collapse = parseGanConfig(presets['mode-collapse'].config);
    expect(collapse.options.alternating ?? false).toBe(false);
    expect(parseGanConfig(presets.alternating.config)).toEqual({ ...collapse, options: { ...collapse.options, alternating: true, order: 'max-first' } });
    const coverage = parseGanConfig({ ...presets.coverage.config, dataset: 'ring8' });
    // coverage: the collapse run at a tenth of its step size, plus R1, the EMA readout and the decaying step size.
    expect(coverage.lr).toBeCloseTo((collapse.lr as number) / 10, 12);
    expect({ ...coverage, lr: collapse.lr, regularizer: 'none', gamma: 1, lrDecay: undefined, options: { beta1: coverage.options.beta1 } }).toEqual({ ...collapse, lrDecay: undefined });
    expect(coverage.options).toMatchObject({ average: 'ema' });
    expect(coverage.lrDecay?.to).toBeLessThan(1);
    const vanishing = parseGanConfig(presets['vanishing-gradients'].config);
    expect(vanishing.loss).toBe('gan');
    expect({ ...parseGanConfig(presets['non-saturating'].config), loss: 'gan' }).toEqual(vanishing);
    expect(parseGanConfig(presets.unrolled.config).optimizer).toBe('unrolled');
    expect(parseGanConfig(presets['wgan-gp'].config).loss).toBe('wgan-gp');
  });

  it('fourier is for grid25: D reads its input and Fourier features of it, both networks work on the grid divided by √8, R1 in those units', () => {
    const config = parseGanConfig(presets.fourier.config);
    expect(config).toMatchObject({ dataset: 'grid25', regularizer: 'r1', options: { alternating: true, average: 'ema' } });
    expect(config.discriminator).toMatchObject({ fourier: { features: 64, scale: 1, includeInput: true }, inputScale: Math.sqrt(8) });
    expect(config.generator).toMatchObject({ outputScale: Math.sqrt(8) });
    // γ‖∇ₓD‖² with D(x) = f(x/s) is (γ/s²)‖∇f‖²: γ = s² is γ = 1 on the standardized grid.
    expect(config.gamma).toBeCloseTo(8, 12);
  });

  it('pacgan is the paper’s PacGAN4 on grid25: D reads 4 packed 2-D samples, G 4 × 400 with batch norm, D 3 × 200', () => {
    const config = parseGanConfig(presets.pacgan.config);
    expect(config).toMatchObject({ dataset: 'grid25', pack: 4, lr: 1e-4, options: { beta1: 0.8 }, latent: { prior: 'gaussian', dim: 2 } });
    expect(config.generator).toMatchObject({ hidden: [400, 400, 400, 400], batchNorm: true });
    expect(config.discriminator).toMatchObject({ hidden: [200, 200, 200], batchNorm: false });
    // 100 packs of 4 per batch, as the paper's batch of 100 packed samples.
    expect(config.batch / config.pack).toBe(100);
  });

  it('an unknown name is an InputError that lists the known ones', () => {
    expect(() => getPreset('mode-colapse')).toThrow(InputError);
    expect(() => getPreset('mode-colapse')).toThrow(/unknown preset "mode-colapse" \(known: mode-collapse, /);
    // Not an own key: no prototype lookups.
    expect(() => getPreset('toString')).toThrow(InputError);
  });
});

describe('withPreset: the caller’s values win', () => {
  const overrides = fc.record(
    {
      loss: fc.constantFrom(...lossNames),
      lr: fc.oneof(fc.double({ min: 1e-5, max: 1, noNaN: true }), fc.tuple(fc.double({ min: 1e-5, max: 1, noNaN: true }), fc.double({ min: 1e-5, max: 1, noNaN: true }))),
      seed: fc.integer({ min: 0, max: 1000 }),
      kd: fc.integer({ min: 1, max: 5 }),
      generator: fc.record({ hidden: fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 3 }) }),
      options: fc.record({ average: fc.constantFrom('none', 'uniform') }),
    },
    { requiredKeys: [] },
  );

  it('every given top-level key replaces the preset’s; nested objects keep the preset’s other fields; the rest is the preset’s', () => {
    fc.assert(
      fc.property(fc.constantFrom(...presetNames), overrides, (name, o) => {
        const base = presets[name].config as Record<string, unknown>;
        const merged = withPreset(name, o);
        for (const [k, v] of Object.entries(o)) {
          if (k === 'generator' || k === 'options') {
            expect(merged[k]).toEqual({ ...((base[k] as object | undefined) ?? {}), ...(v as object) });
          } else {
            expect(merged[k]).toEqual(v);
          }
        }
        for (const [k, v] of Object.entries(base)) if (!(k in o)) expect(merged[k]).toEqual(v);
        // The preset itself is not modified.
        expect(presets[name].config).toEqual(base);
      }),
      { numRuns: 200 },
    );
  });

  it('no overrides give the preset’s configuration', () => {
    for (const name of presetNames) expect(withPreset(name)).toEqual(presets[name].config);
  });
});
