import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as kit from '../../components/kit/index.ts';
import { reflected } from '../../components/kit/properties.ts';

describe('reflected', () => {
  it('declares every name as a reflected attribute, in order, then the extra declarations (which win)', () => {
    const name = fc.stringMatching(/^[a-z][a-zA-Z]{0,8}$/);
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: 12 }), fc.dictionary(name, fc.constant({ state: true })), (names, more) => {
        const p = reflected(names, more);
        for (const n of names) if (!(n in more)) expect(p[n]).toEqual({ reflect: true });
        for (const [n, d] of Object.entries(more)) expect(p[n]).toBe(d);
        expect(Object.keys(p)).toEqual([...new Set([...names, ...Object.keys(more)])]);
      }),
    );
  });
});

describe('the kit index', () => {
  it('exports the kit to components/index.ts, FollowController, svgFile and fontFaces among it', () => {
    for (const name of ['FollowController', 'svgFile', 'fontFaces', 'follow', 'svgMarkup', 'toCsv', 'LazyModule', 'WidthController', 'reflected', 'drawAxis', 'legendStyles', 'errorMessage', 'readUrlState'] as const) {
      expect(typeof (kit as Record<string, unknown>)[name], name).not.toBe('undefined');
    }
  });
});
