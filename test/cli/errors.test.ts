/**
 * Bad input of every kind ends with exit code 2 and one line on stderr that says what was wrong and where: never a
 * stack trace, never exit code 1 (which is kept for bugs), never output on stdout.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saddle } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'saddle-errors-'));
const scenario = (runs: unknown[]) => ({ title: 't', description: 'd', game: { name: 'bilinear' }, init: [1, 1], steps: 10, every: 0, runs });
writeFileSync(join(dir, 'bad-lr.json'), JSON.stringify(scenario([{ optimizer: 'eg' }, { optimizer: 'eg' }, { optimizer: 'simgda', lr: -1 }])));
writeFileSync(join(dir, 'bad-option.json'), JSON.stringify(scenario([{ optimizer: 'momentum', options: { beta: [0.1, 0.2, 0.3] } }])));
writeFileSync(join(dir, 'bad-param.json'), JSON.stringify({ ...scenario([{ optimizer: 'eg' }]), game: { name: 'dirac', params: { loss: 'lsgan' } } }));
writeFileSync(join(dir, 'syntax.json'), '{\n  "title": "t",\n  "steps": 10,,\n}');
writeFileSync(join(dir, 'array.json'), '[1, 2]');

const cases: [string, string[], RegExp][] = [
  ['an unknown game', ['run', '--game', 'nope'], /^saddle: game: unknown game "nope" \(known: bilinear, /],
  ['an unknown optimizer', ['run', '--optimizer', 'sgdx'], /^saddle: optimizer: unknown optimizer "sgdx" \(known: simgda, /],
  ['an unknown integrator', ['run', '--integrator', 'rk9', '--dt', '0.1'], /^saddle: integrator: unknown integrator "rk9"/],
  ['an unknown option', ['run', '--optimizer', 'momentum', '--opt', 'bta=0.5'], /^saddle: optimizer momentum: unknown option "bta" \(known: .*beta/],
  ['an option out of range', ['run', '--optimizer', 'momentum', '--opt', 'beta=1.5'], /^saddle: optimizer momentum, option beta: expected a number in \(−1, 1\), got "1\.5"/],
  ['too many per-player values', ['run', '--optimizer', 'momentum', '--opt', 'beta=0,0,0'], /option beta: expected 1 value or 2 \(one per player\), got 3/],
  ['an --opt without =', ['run', '--opt', 'beta'], /^saddle: --opt: expected key=value, got "beta"/],
  ['an unknown game param', ['run', '--param', 'b=1'], /^saddle: game bilinear: unknown param "b" \(known: a\)/],
  ['a malformed game param', ['run', '--param', 'a=two'], /^saddle: game bilinear, param a: expected a finite number, got "two"/],
  ['a malformed matrix', ['run', '--game', 'matrix', '--param', 'A=[[1,2],[3]]'], /^saddle: game matrix, param A: row 1 has 1 entries/],
  ['a malformed --lr', ['run', '--lr', '0.1x'], /^saddle: --lr: expected a comma-separated list of numbers; got "0\.1x"/],
  ['a negative --lr', ['run', '--lr', '-0.1'], /^saddle: --lr: expected a positive number/],
  ['a malformed --steps', ['run', '--steps', '1e'], /^saddle: --steps: expected an integer ≥ 1, got "1e"/],
  ['a fractional --steps', ['run', '--steps', '2.5'], /^saddle: --steps: expected an integer ≥ 1/],
  ['--every 0', ['run', '--every', '0'], /^saddle: --every: expected an integer ≥ 1/],
  ['a zero --tol', ['run', '--tol', '0'], /^saddle: --tol: expected a positive number/],
  ['a malformed --bound', ['run', '--bound', 'big'], /^saddle: --bound: expected a positive number/],
  ['an --init of the wrong length', ['run', '--init', '1,2,3'], /^saddle: --init: expected 2 numbers \(x, y\), got 3/],
  ['an --init with a hole', ['run', '--init', '1,,2'], /^saddle: --init: expected a comma-separated list of numbers; value 2 of "1,,2"/],
  ['an --init for another game', ['run', '--game', 'dirac', '--init', '1'], /^saddle: --init: expected 2 numbers \(θ, ψ\), got 1/],
  ['an expression not finite at the start', ['run', '--f', 'log(x)', '--init', '-1,1'], /^saddle: f, char 0: log\(x\) is NaN at x = -1, y = 1/],
  ['an expression that does not parse', ['run', '--f', 'x*y+'], /^saddle: f, char \d+: /],
  ['--f with another game', ['run', '--f', 'x*y', '--game', 'bilinear'], /^saddle: --f: implies --game expr/],
  ['--integrator without --dt', ['run', '--integrator', 'rk4'], /^saddle: --integrator: needs --dt/],
  ['--dt without --integrator', ['run', '--dt', '0.1'], /^saddle: --dt: needs --integrator/],
  ['--optimizer and --integrator', ['run', '--optimizer', 'eg', '--integrator', 'rk4', '--dt', '0.1'], /^saddle: --integrator: give --optimizer or --integrator, not both/],
  ['--lr with --integrator', ['run', '--integrator', 'rk4', '--dt', '0.1', '--lr', '0.1'], /^saddle: --lr: applies to optimizers/],
  ['an --out of unknown format', ['run', '--out', 'trajectory.txt'], /^saddle: --out: expected a file name ending in \.csv or \.json/],
  ['an --out in a missing directory', ['run', '--out', join(dir, 'no', 'such', 'x.csv')], /^saddle: --out: cannot write .*x\.csv: no such directory/],
  ['a missing scenario file', ['run', 'no-such-scenario.json'], /^saddle: no-such-scenario\.json: no such file/],
  ['a scenario with a bad value', ['run', join(dir, 'bad-lr.json')], /bad-lr\.json: runs\[2\]\.lr: expected a positive number, got -1$/],
  ['a scenario with a bad per-player option', ['run', join(dir, 'bad-option.json')], /bad-option\.json: runs\[0\]\.options\.beta: expected 1 value or 2/],
  ['a scenario with a bad game param', ['run', join(dir, 'bad-param.json')], /bad-param\.json: game\.params\.loss: expected one of gan \| nsgan/],
  ['a scenario that is not JSON', ['run', join(dir, 'syntax.json')], /syntax\.json: not valid JSON: .*\(line 3, column \d+\)/],
  ['a scenario that is not an object', ['run', join(dir, 'array.json')], /array\.json: expected a scenario, got \[1,2\]/],
  ['a flag that applies to nothing in the file', ['run', 'dirac-gan', '--dt', '0.1'], /^saddle: --dt: .*dirac-gan.* has no integrator runs/],
  ['an unknown flag', ['run', '--lrr', '0.1'], /^saddle run: unknown option '--lrr' \(Did you mean --lr\?\)$/],
  ['a flag without its value', ['run', '--steps'], /^saddle run: option '--steps <n>' argument missing$/],
  ['too many arguments', ['run', 'a.json', 'b.json'], /^saddle run: too many arguments for 'run'/],
  ['an unknown command', ['frobnicate'], /^saddle: unknown command 'frobnicate'$/],
  ['an unknown list section', ['list', 'widgets'], /^saddle: list: unknown section "widgets"/],
];

describe('bad input', () => {
  it.each(cases)('%s: exit code 2 and one line on stderr naming what and where', async (_name, argv, message) => {
    const r = await saddle(argv, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n')).toBe(true);
    const lines = r.stderr.slice(0, -1).split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).not.toMatch(/\bat .*:\d+:\d+|Error:/);
  });
});

describe('help and version', () => {
  it.each([['--help'], ['run', '--help'], ['list', '--help'], ['help', 'run']])('saddle %s prints help with examples on stdout and exits 0', async (...argv) => {
    const r = await saddle(argv);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: saddle/);
    expect(r.stdout).toMatch(/Examples:\n\s+\$ saddle /);
  });

  it('saddle with no arguments prints the help and exits 0', async () => {
    const r = await saddle([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: saddle/);
  });

  it('saddle --version prints the package version', async () => {
    const r = await saddle(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
