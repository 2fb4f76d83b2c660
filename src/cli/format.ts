import type { Game } from '../game.ts';
import type { Trajectory } from '../simulate.ts';
import type { BatchSummary } from '../scenario/index.ts';

/** A number for people: 6 significant digits, exponent form for the very large and very small. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e6) return String(Number(v.toPrecision(6)));
  return v.toExponential(4).replace(/\.?0+e/, 'e');
}

export const coordNames = (game: Game): string[] => game.players.flatMap((p) => p.coords);

/** `x = 1.2, y = -0.5` */
export const showPoint = (game: Game, point: readonly number[]): string =>
  coordNames(game)
    .map((name, k) => `${name} = ${fmt(point[k])}`)
    .join(', ');

/** `converged at step 190`, `diverged at step 45`, `running after 100 steps`. */
export function showStatus(t: Pick<Trajectory, 'status' | 'step'>): string {
  return t.status === 'running' ? `running after ${t.step} steps` : `${t.status} at step ${t.step}`;
}

/** One line of a batch's statuses. */
export const showSummary = (s: BatchSummary): string =>
  `${s.points} points: ${s.converged} converged, ${s.diverged} diverged, ${s.running} running; median norm ${fmt(s.medianNorm)}`;

/** Pads the first column of rows to one width. */
export function table(rows: readonly (readonly string[])[], indent = ''): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, k) => (widths[k] = Math.max(widths[k] ?? 0, [...cell].length)));
  return rows
    .map((row) => indent + row.map((cell, k) => (k === row.length - 1 ? cell : cell + ' '.repeat(widths[k] - [...cell].length))).join('  '))
    .join('\n');
}
