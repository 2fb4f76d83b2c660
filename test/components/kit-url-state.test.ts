import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUrlState, parseUrlState, stateFor, withValues, type UrlState } from '../../components/kit/url-state.ts';

/** Text with every character that means something in a fragment or in our encoding. */
const text = fc.string({ unit: fc.constantFrom('a', 'Z', '.', ',', '=', '&', '#', '%', '+', ' ', ':', '/', '@', '!', '?', '"', '{', '}', 'é', '€') });
const state: fc.Arbitrary<UrlState> = fc.record({
  anchor: text,
  values: fc.uniqueArray(fc.tuple(text, text), { selector: ([k]) => k, maxLength: 6 }).map((pairs) => new Map(pairs)),
});

describe('URL state', () => {
  it('parse ∘ format is the identity: anchor, keys, values and their order', () => {
    fc.assert(
      fc.property(state, (s) => {
        const back = parseUrlState(formatUrlState(s));
        expect(back.anchor).toBe(s.anchor);
        expect([...back.values]).toEqual([...s.values]);
      }),
    );
  });

  it('format ∘ parse is the identity on what format writes (a written fragment is stable)', () => {
    fc.assert(
      fc.property(state, (s) => {
        const once = formatUrlState(s);
        expect(formatUrlState(parseUrlState(`#${once}`))).toBe(once);
      }),
    );
  });

  it('the fragment holds no raw delimiter inside a value, and keeps commas readable', () => {
    fc.assert(
      fc.property(text, text, (k, v) => {
        const f = formatUrlState({ anchor: '', values: new Map([[k, v]]) });
        expect(f.split('&')).toHaveLength(1);
        expect(f.split('=')).toHaveLength(2);
        expect(f).not.toMatch(/[#\s+]/);
      }),
    );
    expect(formatUrlState({ anchor: '', values: new Map([['p.init', '0.5,-1']]) })).toBe('p.init=0.5,-1');
  });

  it('writing one element keeps the anchor and every other key; null removes a key', () => {
    fc.assert(
      fc.property(state, text.filter((id) => id !== ''), fc.dictionary(fc.constantFrom('lr', 'init', 'steps'), fc.option(text)), (s, id, values) => {
        const next = withValues(s, id, values);
        expect(next.anchor).toBe(s.anchor);
        for (const [k, v] of s.values) if (!Object.keys(values).some((n) => `${id}.${n}` === k)) expect(next.values.get(k)).toBe(v);
        const read = stateFor(parseUrlState(formatUrlState(next)), id, Object.keys(values));
        for (const [n, v] of Object.entries(values)) expect(read[n]).toBe(v ?? undefined);
      }),
    );
  });

  it('reads a hand-written link, a stray % and a repeated key', () => {
    const s = parseUrlState('#lesson-2&plot.init=1,2&plot.lr=0.1&plot.lr=0.2&bad=%E0');
    expect(s.anchor).toBe('lesson-2');
    expect(stateFor(s, 'plot', ['init', 'lr', 'steps'])).toEqual({ init: '1,2', lr: '0.2' });
    expect(s.values.get('bad')).toBe('%E0');
  });
});
