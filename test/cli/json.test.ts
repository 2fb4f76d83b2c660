/** The one JSON serializer of the CLI's output: no NaN, no bare Infinity, typed arrays as arrays. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvNumber, toJson } from '../../src/cli/json.ts';

describe('toJson', () => {
  it('writes ±Infinity as the strings "Infinity" and "-Infinity", and NaN as null, so the output is always valid JSON', () => {
    const text = toJson({ a: Infinity, b: [-Infinity, 1, NaN] });
    expect(text).toBe('{"a":"Infinity","b":["-Infinity",1,null]}');
    expect(text).not.toContain('NaN');
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it('writes typed arrays as plain arrays', () => {
    expect(toJson({ z: new Float64Array([1.5, -2]), s: new Int32Array([3]) })).toBe('{"z":[1.5,-2],"s":[3]}');
  });

  it('round-trips every finite double exactly', () => {
    // (−0 is written as 0, as JSON.stringify does)
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        expect(JSON.parse(toJson([v]))[0]).toBe(v === 0 ? 0 : v);
      }),
    );
  });

  it('csvNumber writes ±Infinity as words and NaN as an empty field', () => {
    expect([Infinity, -Infinity, NaN, 0.1].map(csvNumber)).toEqual(['Infinity', '-Infinity', '', '0.1']);
  });
});
