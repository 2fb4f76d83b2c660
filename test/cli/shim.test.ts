/** The real executable: bin/saddle.js registers tsx and runs the CLI (the one test that spawns a process). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('bin/saddle.js', () => {
  it('runs `saddle run … --json` through node and prints simgda’s norm √2·1.01⁵ after 10 steps with η = 0.1', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['bin/saddle.js', 'run', '--game', 'bilinear', '--optimizer', 'simgda', '--lr', '0.1', '--init', '1,1', '--steps', '10', '--json'],
      { timeout: 20_000 },
    );
    expect(stderr).toBe('');
    const out = JSON.parse(stdout) as { norm: number; status: string; step: number; final: number[] };
    expect(out.status).toBe('running');
    expect(out.step).toBe(10);
    expect(out.norm).toBeCloseTo(Math.SQRT2 * 1.01 ** 5, 12);
  });
});
