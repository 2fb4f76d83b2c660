/**
 * The real executables, as Node runs them outside vitest: bin/saddle.js and the package.json scripts register tsx and
 * bin/tfjs-resolve.js (bin/register.js). Vitest resolves tfjs's ES modules itself, so only a spawned process shows
 * that plain Node can load what gan/backend.ts imports (the gradients of every op, the chained ops).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { saddleJson } from './harness.ts';

const run = (args: readonly string[]) => promisify(execFile)(process.execPath, args, { timeout: 60_000 });

describe('bin/saddle.js', () => {
  it('runs `saddle run … --json` through node and prints simgda’s norm √2·1.01⁵ after 10 steps with η = 0.1', async () => {
    const { stdout, stderr } = await run(['bin/saddle.js', 'run', '--game', 'bilinear', '--optimizer', 'simgda', '--lr', '0.1', '--init', '1,1', '--steps', '10', '--json']);
    expect(stderr).toBe('');
    const out = JSON.parse(stdout) as { norm: number; status: string; step: number; final: number[] };
    expect(out.status).toBe('running');
    expect(out.step).toBe(10);
    expect(out.norm).toBeCloseTo(Math.SQRT2 * 1.01 ** 5, 12);
  });

  it('trains `saddle gan` through node with second derivatives (R1) and scores what the CLI scores in-process', async () => {
    const argv = ['gan', '--dataset', 'grid25', '--reg', 'r1', '--gamma', '0.1', '--backend', 'cpu', '--hidden', '6', '--batch', '16', '--steps', '30', '--every', '10', '--seed', '3', '--json'];
    const { stdout, stderr } = await run(['bin/saddle.js', ...argv]);
    expect(stderr).toBe('');
    const strip = (o: Record<string, unknown>) => ({ ...o, stepsPerSecond: 0 });
    expect(strip(JSON.parse(stdout) as Record<string, unknown>)).toEqual(strip(await saddleJson(argv)));
  });
});

describe('package.json scripts', () => {
  it('starts the modes experiment under node --import ./bin/register.js (it loads the GAN trainer)', async () => {
    const { stdout } = await run(['--import', './bin/register.js', 'scripts/experiment-modes.ts', '--help']);
    expect(stdout).toMatch(/^Usage: experiment-modes/);
  });
});
