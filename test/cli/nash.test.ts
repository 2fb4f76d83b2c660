/**
 * `saddle nash`, in-process: --json has exactly the documented shape, its equilibria are equilibria, the Gambit
 * fixtures load with --file, and bad input ends with exit code 2 and one line saying what and where.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bimatrixGame, maxRegret } from '../../src/matrix-games/index.ts';
import { saddle, saddleJson } from './harness.ts';

interface NashJson {
  equilibria: { row: number[]; col: number[]; payoffs: [number, number] }[];
  warnings?: string[];
  value?: number;
}
const fixture = (name: string) => new URL(`../fixtures/nfg/${name}`, import.meta.url).pathname;
const BOS = ['--A', '[[2,0],[0,1]]', '--B', '[[1,0],[0,2]]'];
const nash = (...argv: string[]) => saddleJson<NashJson>(['nash', ...argv, '--json']);

describe('saddle nash --json', () => {
  it('prints exactly {"equilibria": [{"row", "col", "payoffs"}]} on one line: battle of the sexes has 3', async () => {
    const r = await saddle(['nash', ...BOS, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout) as NashJson;
    expect(Object.keys(out)).toEqual(['equilibria']);
    expect(out.equilibria).toHaveLength(3);
    for (const e of out.equilibria) expect(Object.keys(e)).toEqual(['row', 'col', 'payoffs']);
    expect(out.equilibria[1].row[0]).toBeCloseTo(2 / 3, 12);
  });

  it('--method lp adds "value": O’Neill’s game from its .nfg file has value −1/5', async () => {
    const out = await nash('--file', fixture('oneill.nfg'), '--method', 'lp');
    expect(Object.keys(out).sort()).toEqual(['equilibria', 'value']);
    expect(out.value).toBeCloseTo(-0.2, 12);
    expect(out.equilibria[0].row.map((v) => Number(v.toFixed(12)))).toEqual([0.4, 0.2, 0.2, 0.2]);
  });

  it('a degenerate game adds "warnings" that say so (e04.nfg: a continuum of equilibria)', async () => {
    const out = await nash('--file', fixture('e04.nfg'));
    expect(out.equilibria).toHaveLength(3);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings![0]).toMatch(/^degenerate game/);
  });

  it('--method lemke-howson on battle of the sexes finds the two pure equilibria; --method all finds all three', async () => {
    expect((await nash(...BOS, '--method', 'lemke-howson')).equilibria).toHaveLength(2);
    const all = await nash(...BOS, '--method', 'all');
    expect(all.equilibria).toHaveLength(3);
    expect(all.value).toBeUndefined();
  });

  it('--method all on a zero-sum game includes the value', async () => {
    const out = await nash('--A', '[[0,-1,1],[1,0,-1],[-1,1,0]]', '--method', 'all');
    expect(out.equilibria).toHaveLength(1);
    expect(Math.abs(out.value!)).toBeLessThanOrEqual(1e-15);
  });

  it('every equilibrium it prints for a random game has max regret ≤ 1e-9', async () => {
    const entry = fc.integer({ min: -100, max: 100 }).map((v) => v / 10);
    const game = fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
      .chain(([m, k]) => fc.tuple(...[0, 1].map(() => fc.array(fc.array(entry, { minLength: k, maxLength: k }), { minLength: m, maxLength: m }))));
    await fc.assert(
      fc.asyncProperty(game, fc.constantFrom('support', 'lemke-howson', 'all'), async ([A, B], method) => {
        const out = await nash('--A', JSON.stringify(A), '--B', JSON.stringify(B), '--method', method);
        const g = bimatrixGame(A, B);
        expect(out.equilibria.length).toBeGreaterThan(0);
        for (const e of out.equilibria) expect(maxRegret(g, e.row, e.col)).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 30 },
    );
  });
});

describe('saddle nash without --json', () => {
  it('lists each equilibrium with its payoffs, strategy names from a .nfg file, the value, and the degeneracy warning', async () => {
    const r = await saddle(['nash', '--A', '[[1,-1],[-1,1]]', '--method', 'lp']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^game +2×2 zero-sum \(B = −A\)\nmethod +linear programming \(zero-sum\)\nfound +1 equilibrium\n/);
    expect(r.stdout).toMatch(/1\. +row \(0\.5, 0\.5\) +col \(0\.5, 0\.5\) +payoffs 0, 0/);
    expect(r.stdout).toMatch(/\nvalue +0 /);
    const named = await saddle(['nash', '--file', fixture('coordination_4x4_outcome.nfg')]);
    expect(named.stdout).toMatch(/found +15 equilibria/);
    expect(named.stdout).toMatch(/row \(1-1: 1, 1-2: 0, 1-3: 0, 1-4: 0\)/);
    const degenerate = await saddle(['nash', '--file', fixture('e04.nfg'), '--method', 'all']);
    expect(degenerate.stdout).toMatch(/by method: support 3, lemke-howson 1 \(lp: not a zero-sum game\)/);
    expect(degenerate.stdout).toMatch(/\nwarning: degenerate game \(the row strategy \(1, 0, 0\) has support 1 but 2 pure best responses\)/);
  });
});

describe('saddle nash with bad input: exit 2, one line on stderr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saddle-nash-'));
  writeFileSync(join(dir, 'three.nfg'), 'NFG 1 R "t" { "A" "B" "C" } { 2 2 2 }\n1 2 3');
  writeFileSync(join(dir, 'short.nfg'), 'NFG 1 R "t" { "A" "B" } { 2 2 }\n1 2 3\n4 5');
  const cases: [string, string[], RegExp][] = [
    ['no game', ['nash'], /^saddle: --A: the game is missing: give the row player’s payoffs as JSON rows like \[\[1,-1\],\[-1,1\]\], or --file FILE\.nfg$/],
    ['--B alone', ['nash', '--B', '[[1]]'], /^saddle: --A: --B gives only the column player’s payoffs: give the row player’s/],
    ['--A that is not JSON', ['nash', '--A', '[[1,2]'], /^saddle: --A: not valid JSON \(.*\): "\[\[1,2\]"$/],
    ['ragged --A', ['nash', '--A', '[[1,2],[3]]'], /^saddle: --A: row 1 has 1 entries; row 0 has 2$/],
    ['--B of another shape', ['nash', '--A', '[[1,2]]', '--B', '[[1],[2]]'], /^saddle: --B: is 2×1; A is 1×2/],
    ['a non-number entry', ['nash', '--A', '[[1,"a"]]'], /^saddle: --A: entry \[0\]\[1\] is "a", not a finite number$/],
    ['an unknown method', ['nash', '--A', '[[1]]', '--method', 'simplex'], /^saddle: --method: unknown method "simplex" \(known: support, lemke-howson, lp, vertex, all\)$/],
    ['lp on a general-sum game', ['nash', ...BOS, '--method', 'lp'], /^saddle: method lp: needs a zero-sum game/],
    ['--file and --A', ['nash', '--A', '[[1]]', '--file', 'x.nfg'], /^saddle: --file: give the game either as --A\/--B or as --file, not both$/],
    ['a missing file', ['nash', '--file', join(dir, 'nope.nfg')], /^saddle: --file: cannot read .*nope\.nfg: no such file$/],
    ['a file with three players', ['nash', '--file', join(dir, 'three.nfg')], /three\.nfg, line 1, column 13: 3 players \("A", "B", "C"\): only two-player games/],
    ['a file with too few payoffs', ['nash', '--file', join(dir, 'short.nfg')], /short\.nfg, line 3, column 4: expected payoff 6 of 8 \(player 2 at profile \(1, 2\)\), got the end of the file$/],
    ['an unknown flag', ['nash', '--a', '[[1]]'], /^saddle nash: unknown option '--a'/],
  ];
  for (const [what, argv, want] of cases) {
    it(`${what}: ${want.source.slice(1, 60)}`, async () => {
      const r = await saddle(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(want);
    });
  }
});
