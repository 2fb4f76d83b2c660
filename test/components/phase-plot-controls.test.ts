import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTROL_NAMES, LR_RANGE, lrToSlider, readHide, sliderToLr } from '../../components/phase-plot-controls.ts';

describe('phase plot controls', () => {
  it('reads any comma list of known controls, and names an unknown one', () => {
    fc.assert(
      fc.property(fc.subarray([...CONTROL_NAMES]), fc.constantFrom(',', ', ', ' ,'), (names, sep) => {
        expect([...readHide(names.join(sep))].sort()).toEqual([...names].sort());
      }),
    );
    expect(() => readHide('lr,zoom')).toThrow(/^hide: "zoom" is not a control \(known: optimizers, lr, steps, play, view, export\)$/);
    expect(readHide(null).size).toBe(0);
  });

  it('slider ↔ learning rate: the slider lands where the rate it gives is shown (3 digits)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: (LR_RANGE.max - LR_RANGE.min) / LR_RANGE.step }), (k) => {
        const v = LR_RANGE.min + k * LR_RANGE.step;
        const lr = sliderToLr(v);
        expect(Math.abs(lrToSlider(lr) - v)).toBeLessThan(0.003);
        expect(lr).toBeGreaterThanOrEqual(0.001);
        expect(lr).toBeLessThanOrEqual(1);
      }),
    );
    expect(lrToSlider(50)).toBe(LR_RANGE.max);
    expect(lrToSlider(1e-9)).toBe(LR_RANGE.min);
  });
});
