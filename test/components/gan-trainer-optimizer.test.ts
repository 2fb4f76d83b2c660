/**
 * The trainer's optimizer control (components/gan-trainer-state.ts): one select per player writes the attribute
 * `optimizer` ("adam", or "adam,simgda" for generator, discriminator). Over every current setting and every pick:
 * the result is an optimizer src/optim makes, the picked player gets the pick, and the other keeps its rule unless
 * one of the two acts on the joint game (then both take the pick).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHOICES, optimizerPair, pickOptimizer, readTrainerAttributes } from '../../components/gan-trainer-state.ts';
import { InputError } from '../../src/errors.ts';
import { createOptimizer, perPlayerOptimizers } from '../../src/optim/index.ts';

const name = fc.constantFrom(...CHOICES.optimizer);
const current = fc.oneof(name, fc.tuple(fc.constantFrom(...perPlayerOptimizers), fc.constantFrom(...perPlayerOptimizers)).map((p) => p.join(',')));

describe('picking an optimizer per player', () => {
  it('always gives an optimizer src/optim makes, with the pick for the picked player and the other’s rule kept when both mix', () => {
    fc.assert(
      fc.property(current, fc.constantFrom(0 as const, 1 as const), name, (attr, which, pick) => {
        const next = pickOptimizer(attr, which, pick);
        expect(() => createOptimizer(next)).not.toThrow();
        const [before, after] = [optimizerPair(attr), optimizerPair(next)];
        expect(after[which]).toBe(pick);
        const mixes = perPlayerOptimizers.includes(pick) && perPlayerOptimizers.includes(before[1 - which]);
        expect(after[1 - which]).toBe(mixes ? before[1 - which] : pick);
        expect(next.includes(',')).toBe(after[0] !== after[1]);
      }),
    );
  });

  it('reads the attribute as one name for both players or G,D', () => {
    expect(optimizerPair(null)).toEqual(['adam', 'adam']);
    expect(optimizerPair('adam, simgda')).toEqual(['adam', 'simgda']);
    expect(readTrainerAttributes({ optimizer: 'adam, simgda' }).config.optimizer).toBe('adam,simgda');
  });

  it.each(['adam,simgda,ogda', 'adam,', ','])('optimizer="%s" is an InputError naming the attribute', (optimizer) => {
    expect(() => readTrainerAttributes({ optimizer })).toThrow(InputError);
    expect(() => readTrainerAttributes({ optimizer })).toThrow(/attribute optimizer: expected one optimizer or two \(generator, discriminator\)/);
  });
});
