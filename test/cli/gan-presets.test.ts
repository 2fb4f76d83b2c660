/**
 * `saddle gan --preset NAME` and `--list-presets`: a preset is the same run as the flags it lists, any other flag
 * overrides it, an unknown name exits 2 with one line, and the list shows every preset (as text and as JSON).
 */
import { describe, expect, it, vi } from 'vitest';
import { presetNames, presets } from '../../gan/presets.ts';
import { flagsOf, unflaggable } from '../../src/cli/gan.ts';
import { saddle, saddleJson } from './harness.ts';

// Each run trains and scores 2,500 samples on the cpu backend: slow when the machine is shared, never timed.
vi.setConfig({ testTimeout: 180_000 });

const small = ['--backend', 'cpu', '--hidden', '6', '--batch', '16', '--steps', '10', '--every', '5', '--seed', '3'];
const strip = (o: Record<string, unknown>) => ({ ...o, stepsPerSecond: 0 });

describe('saddle gan --list-presets', () => {
  it('lists every preset with its description, what it shows and the flags it stands for', async () => {
    const r = await saddle(['gan', '--list-presets']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const name of presetNames) {
      const p = presets[name];
      expect(r.stdout).toContain(`  ${name} `);
      expect(r.stdout).toContain(p.description);
      expect(r.stdout).toContain(p.shows);
      const flags = [...flagsOf(p.config as Record<string, unknown>), '--steps', String(p.steps)].join(' ');
      const missing = unflaggable(p.config as Record<string, unknown>);
      expect(r.stdout).toContain(`${missing.length ? 'nearest flags' : 'same as'}: ${flags}`);
      if (missing.length) expect(r.stdout).toContain(`(no flag sets ${missing.join(', ')}: use --preset ${name})`);
    }
    // What the flags cannot say: coverage's schedule, fourier's and pacgan's two different networks, pacgan's batch norm.
    expect(presetNames.filter((n) => unflaggable(presets[n].config as Record<string, unknown>).length > 0)).toEqual(['coverage', 'fourier', 'pacgan']);
  });

  it('--json gives every preset as data', async () => {
    const out = await saddleJson<Record<string, { kind: string; config: object; steps: number }>>(['gan', '--list-presets', '--json']);
    expect(Object.keys(out)).toEqual(presetNames);
    for (const name of presetNames) expect(out[name]).toEqual(JSON.parse(JSON.stringify(presets[name])));
  });
});

describe('saddle gan --preset', () => {
  const flaggable = presetNames.filter((n) => unflaggable(presets[n].config as Record<string, unknown>).length === 0);
  it.each(flaggable)('%s runs exactly as the flags it lists', async (name) => {
    const viaPreset = await saddleJson(['gan', '--preset', name, ...small, '--json']);
    // `small` comes last: commander keeps the last value of a repeated flag (--hidden 6 over the preset's widths).
    const flags = flagsOf(presets[name].config as Record<string, unknown>);
    const viaFlags = await saddleJson(['gan', ...flags, ...small, '--json']);
    expect(strip(viaPreset)).toEqual(strip(viaFlags));
  });

  it('another flag overrides the preset’s value, and the summary names the preset', async () => {
    const r = await saddle(['gan', '--preset', 'mode-collapse', '--loss', 'lsgan', ...small]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^preset\s+mode-collapse$/m);
    expect(r.stdout).toMatch(/^loss\s+lsgan$/m);
    const a = await saddleJson(['gan', '--preset', 'mode-collapse', '--lr', '0.001', ...small, '--json']);
    const b = await saddleJson(['gan', '--preset', 'mode-collapse', ...small, '--json']);
    expect(strip(a)).not.toEqual(strip(b));
  });

  it('an unknown preset exits 2 with one line naming --preset and the known ones', async () => {
    const r = await saddle(['gan', '--preset', 'mode-colapse', ...small]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^saddle: --preset: unknown preset "mode-colapse" \(known: mode-collapse, /);
  });

  it('a bad override of a preset still names its flag', async () => {
    const r = await saddle(['gan', '--preset', 'r1', '--gamma', '-1', ...small]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^saddle: --gamma: /);
  });
});
