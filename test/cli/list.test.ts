/** `saddle list`: every game, optimizer, integrator and scenario the registries and sims/ hold, by name. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { integrators } from '../../src/flow/index.ts';
import { games } from '../../src/games/index.ts';
import { optimizers } from '../../src/optim/index.ts';
import { saddle, saddleJson } from './harness.ts';

const simsNames = readdirSync('sims')
  .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
  .map((f) => f.replace(/\.json$/, ''));

describe('saddle list', () => {
  it('lists every game with its params, every optimizer with its options and reference, every integrator and every scenario', async () => {
    const r = await saddle(['list']);
    expect(r.code).toBe(0);
    for (const [name, g] of Object.entries(games)) {
      expect(r.stdout).toContain(`  ${name}`);
      for (const param of Object.keys(g.params)) expect(r.stdout).toContain(`${param}: `);
    }
    for (const [name, o] of Object.entries(optimizers)) {
      expect(r.stdout).toContain(o.summary);
      expect(r.stdout).toContain(`reference: ${o.reference}`);
      for (const option of Object.keys(o.options)) expect(r.stdout).toContain(`--opt ${option} (`);
      expect(r.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
    for (const name of Object.keys(integrators)) expect(r.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    for (const name of simsNames) expect(r.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(r.stdout).not.toContain('(invalid');
  });

  it('lists one section when asked: `saddle list optimizers` shows no games', async () => {
    const r = await saddle(['list', 'optimizers']);
    expect(r.stdout).toMatch(/^Optimizers/);
    expect(r.stdout).not.toMatch(/^Games/m);
  });

  it('--json gives the same registries as data', async () => {
    const out = await saddleJson<Record<string, Record<string, unknown>>>(['list', '--json']);
    expect(Object.keys(out)).toEqual(['games', 'optimizers', 'integrators', 'scenarios']);
    expect(Object.keys(out.games)).toEqual(Object.keys(games));
    expect(Object.keys(out.optimizers)).toEqual(['common', ...Object.keys(optimizers)]);
    expect(Object.keys(out.integrators)).toEqual(Object.keys(integrators));
    expect((out.scenarios as unknown as { name: string }[]).map((s) => s.name).sort()).toEqual([...simsNames].sort());
  });
});
