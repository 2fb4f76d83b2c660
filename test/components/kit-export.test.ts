import { csvParseRows } from 'd3-dsv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCsv, type CsvRow } from '../../components/kit/export.ts';

/** Any text, including commas, quotes, CR, LF and non-ASCII, or any double (integers, tiny, huge, −0). */
const cell = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '1', '.', '-') }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());
const key = fc.string({ unit: fc.constantFrom('x', 'y', ',', '"', ' ', 'n'), minLength: 1, maxLength: 4 });
const rows = fc.array(fc.dictionary(key, cell, { minKeys: 1, maxKeys: 5 }), { minLength: 1, maxLength: 8 });

/** The header toCsv promises: every key, in the order the rows first show it. */
const unionOfKeys = (rs: readonly CsvRow[]) => [...new Set(rs.flatMap((r) => Object.keys(r)))];

describe('toCsv', () => {
  it('parses back (RFC 4180) to the header and every row, numbers at full precision', () => {
    fc.assert(
      fc.property(rows, (rs) => {
        const header = unionOfKeys(rs);
        const parsed = csvParseRows(toCsv(rs));
        expect(parsed[0]).toEqual(header);
        expect(parsed.length).toBe(rs.length + 1);
        rs.forEach((r, i) => {
          const line = parsed[i + 1];
          header.forEach((k, j) => {
            const v = r[k];
            if (typeof v === 'number') expect(Object.is(Number(line[j]), v) || (v === 0 && Number(line[j]) === 0)).toBe(true);
            else expect(line[j]).toBe(v ?? '');
          });
        });
      }),
      { numRuns: 400 },
    );
  });

  it('quotes exactly the fields that need it, doubling their quotes', () => {
    expect(toCsv([{ a: 'plain', b: 'x,y', c: 'say "hi"', d: 'two\nlines' }])).toBe('a,b,c,d\nplain,"x,y","say ""hi""","two\nlines"');
  });

  it('takes the header from the union of keys in first-seen order, a missing key an empty field', () => {
    expect(toCsv([{ b: 1, a: 2 }, { c: 3, a: 4 }])).toBe('b,a,c\n1,2,\n,4,3');
  });

  it('writes a blank one-column line as "" (else a parser skips it)', () => {
    expect(toCsv([{ x: '' }, { x: 1 }])).toBe('x\n""\n1');
  });

  it('writes numbers in their shortest exact form and nothing for no rows', () => {
    expect(toCsv([{ v: 0.1 + 0.2 }, { v: 1e-300 }, { v: -5 }])).toBe('v\n0.30000000000000004\n1e-300\n-5');
    expect(toCsv([])).toBe('');
  });
});
