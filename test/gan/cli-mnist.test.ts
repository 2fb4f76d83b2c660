/**
 * `saddle gan --dataset mnist`: `--json` prints the digit metrics (issue 5 §6), `--samples` writes a PNG grid, and
 * bad combinations are one-line errors naming the flag.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { saddle, saddleJson } from '../cli/harness.ts';

const tiny = ['gan', '--dataset', 'mnist', '--backend', 'wasm', '--steps', '4', '--batch', '4', '--latent-dim', '3', '--seed', '1'];

describe('saddle gan --dataset mnist', () => {
  it('prints exactly the digit metrics and the run’s numbers; a conditional run adds the conditional accuracy; a PNG grid is written', async () => {
    const out = await saddleJson<Record<string, unknown>>([...tiny, '--model', 'mlp', '--hidden', '8', '--json']);
    expect(Object.keys(out)).toEqual(['histogram', 'entropy', 'reverseKl', 'digits', 'steps', 'stepsPerSecond', 'backend']);
    expect((out.histogram as number[]).reduce((a, b) => a + b, 0)).toBe(2500);
    expect(out.reverseKl).toBeCloseTo(Math.log(10) - (out.entropy as number), 9);
    expect(out.steps).toBe(4);
    const dir = mkdtempSync(`${tmpdir()}/saddle-mnist-`);
    const conditional = await saddleJson<Record<string, unknown>>([...tiny, '--model', 'mlp', '--hidden', '8', '--conditional', '--samples', 'grid.png', '--json'], { cwd: dir });
    expect(conditional.conditionalAccuracy).toBeGreaterThanOrEqual(0);
    expect(conditional.conditionalAccuracy).toBeLessThanOrEqual(1);
    const png = readFileSync(`${dir}/grid.png`);
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    // 10 × 10 tiles of 28 pixels with 2-pixel gaps: 302 × 302.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([302, 302]);
  }, 120_000);

  it('uses DCGAN networks by default and says so in the summary', async () => {
    const r = await saddle([...tiny, '--steps', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/model\s+dcgan generator, dcgan discriminator/);
    expect(r.stdout).toMatch(/digits captured\s+\d+ of 10/);
  }, 120_000);

  it.each([
    [['--dataset', 'ring8', '--model', 'dcgan'], /--model: a dcgan network is for 28 × 28 images/],
    [['--dataset', 'mnist', '--model', 'cnn'], /--model: expected mlp or dcgan, got "cnn"/],
    [['--dataset', 'ring8', '--conditional'], /--conditional: conditional training \(AC-GAN\) needs labelled data/],
    [['--dataset', 'ring8', '--samples', 'x.png'], /--samples: writes images: it needs --dataset mnist, not ring8/],
  ])('%o is a one-line error', async (argv, message) => {
    const r = await saddle(['gan', ...argv, '--steps', '1', '--backend', 'cpu']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  }, 60_000);
});
