import { InputError, show } from '../errors.ts';

/** `count` evenly spaced numbers from `from` to `to`, both included (count ≥ 2), for the θ axis of a plot. */
export function linspace(from: number, to: number, count: number): number[] {
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new InputError('grid', `expected finite ends, got ${show(from)} and ${show(to)}`);
  if (!Number.isInteger(count) || count < 2) throw new InputError('grid', `expected an integer count ≥ 2, got ${show(count)}`);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? to : from + ((to - from) * i) / (count - 1)));
}
