/**
 * `<saddle-gan-images>` adopting a loaded checkpoint's configuration (components/gan-images-model.ts
 * `attributesOfConfig`): for any MNIST configuration, the attributes it writes read back to that very configuration,
 * so a live change after a load starts from what was loaded (Adam's β₁ of a command-line checkpoint included), and an
 * attribute set afterwards overrides just its own field. The `kd` and `regularizer` attributes reach the configuration.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributesOfConfig, CONFIG_ATTRIBUTES, readImagesAttributes } from '../../components/gan-images-model.ts';
import { parseGanConfig } from '../../gan/config.ts';
import { InputError } from '../../src/errors.ts';

const network = fc.oneof(
  fc.record({ kind: fc.constant('dcgan' as const), channels: fc.integer({ min: 1, max: 64 }), kernel: fc.integer({ min: 2, max: 7 }), batchNorm: fc.boolean() }),
  fc.record(
    { kind: fc.constant('mlp' as const), hidden: fc.array(fc.integer({ min: 1, max: 512 }), { maxLength: 4 }), activation: fc.constantFrom('relu', 'leaky-relu', 'tanh'), batchNorm: fc.boolean() },
    { requiredKeys: ['hidden'] },
  ),
);

/** MNIST configurations as gan/config.ts completes them. */
const mnistConfig = fc
  .record({
    generator: network,
    discriminator: network,
    loss: fc.constantFrom('nsgan', 'gan', 'lsgan', 'hinge', 'wgan-gp'),
    regularizer: fc.constantFrom('none', 'r1', 'instance-noise'),
    optimizer: fc.constantFrom('adam', 'ogda', 'simgda'),
    lr: fc.oneof(fc.double({ min: 1e-5, max: 1, noNaN: true }), fc.tuple(fc.double({ min: 1e-5, max: 1, noNaN: true }), fc.double({ min: 1e-5, max: 1, noNaN: true }))),
    options: fc.oneof(fc.constant({}), fc.record({ beta1: fc.double({ min: 0, max: 0.99, noNaN: true }) })),
    kd: fc.integer({ min: 1, max: 5 }),
    batch: fc.integer({ min: 1, max: 256 }),
    latent: fc.record({ dim: fc.integer({ min: 1, max: 128 }), prior: fc.constantFrom('gaussian' as const, 'uniform' as const) }),
    seed: fc.nat(10_000),
    dataset: fc.oneof(fc.constant({ name: 'mnist' }), fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 10 }).map((digits) => ({ name: 'mnist', digits }))),
    conditional: fc.boolean(),
    metricsEvery: fc.integer({ min: 1, max: 10_000 }),
  })
  .map((c) => parseGanConfig(c));

describe('adopting a configuration', () => {
  it('the attributes of any MNIST configuration read back to it exactly', () => {
    fc.assert(
      fc.property(mnistConfig, (config) => {
        const attributes = attributesOfConfig(config);
        expect(Object.keys(attributes).sort()).toEqual([...CONFIG_ATTRIBUTES].sort());
        expect(parseGanConfig(readImagesAttributes(attributes).config)).toEqual(config);
      }),
    );
  });

  it('an attribute set after adopting overrides its own field and keeps every other', () => {
    fc.assert(
      fc.property(mnistConfig, fc.double({ min: 1e-5, max: 1, noNaN: true }), fc.integer({ min: 1, max: 9 }), fc.constantFrom('none', 'r1', 'r2'), (config, lr, kd, regularizer) => {
        const read = parseGanConfig(readImagesAttributes({ ...attributesOfConfig(config), lr: String(lr), kd: String(kd), regularizer }).config);
        expect(read).toEqual({ ...config, lr, kd, regularizer });
      }),
    );
  });

  it('kd and regularizer reach the configuration; a bad kd is an InputError naming it, a bad regularizer one from gan/config.ts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.constantFrom('none', 'r1', 'r2', 'instance-noise'), (kd, regularizer) => {
        const config = parseGanConfig(readImagesAttributes({ kd: String(kd), regularizer }).config);
        expect([config.kd, config.regularizer]).toEqual([kd, regularizer]);
      }),
    );
    for (const kd of ['0', '101', '1.5', 'two']) expect(() => readImagesAttributes({ kd })).toThrow(/attribute kd: expected an integer from 1 to 100/);
    let error: unknown;
    try {
      parseGanConfig(readImagesAttributes({ regularizer: 'r3' }).config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/gan config, regularizer/);
  });
});
