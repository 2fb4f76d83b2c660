import type { PropertyDeclarations } from 'lit';
import { InputError, show } from '../../src/errors.ts';

/**
 * Lit property declarations for string attributes that are reflected (the attribute and the property stay the same
 * value both ways), one per name, followed by `more` (booleans, state):
 *
 *   static override properties = reflected(['game', 'params'], { cursor: { state: true } });
 *   declare game: Attribute;
 */
export function reflected(names: readonly string[], more: PropertyDeclarations = {}): PropertyDeclarations {
  return { ...Object.fromEntries(names.map((name) => [name, { reflect: true }])), ...more };
}

/** A string attribute's property: null when the attribute is removed, undefined before it was ever set. */
export type Attribute = string | null | undefined;

/** An attribute left out or empty (white space only): the element uses its default. */
export const blank = (s: string | null | undefined): s is null | undefined | '' => s == null || s.trim() === '';

/**
 * An attribute that holds a JSON object (`params`, `opts`): the object, or an {@link InputError} on `where` saying
 * that it is not JSON (with the parser's reason) or not an object (an array, a number), with `example` as a hint.
 */
export function jsonObject(where: string, raw: string, example = '{"a": 1}'): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    throw new InputError(where, `not valid JSON (${(e as Error).message}): ${show(raw)}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputError(where, `expected a JSON object like ${example}, got ${show(raw)}`);
  return v as Record<string, unknown>;
}
