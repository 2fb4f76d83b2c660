import type { Command } from 'commander';
import { InputError, show } from '../errors.ts';

/**
 * Reading command-line values: every reader names its flag in the error (`--lr: expected a positive number, got
 * "abc"`). Commander hands over strings; numbers are read strictly (no `Number('')` = 0, no hex).
 */

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A finite decimal number, or undefined when the string is not one. */
export function readNumber(raw: string): number | undefined {
  const s = raw.trim();
  if (!DECIMAL.test(s)) return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

export function parseNumber(flag: string, raw: string, kind: 'finite' | 'positive' = 'finite'): number {
  const v = readNumber(raw);
  const what = kind === 'positive' ? 'a positive number' : 'a finite number';
  if (v === undefined || (kind === 'positive' && !(v > 0))) throw new InputError(flag, `expected ${what}, got ${show(raw)}`);
  return v;
}

export function parseInteger(flag: string, raw: string, min: number): number {
  const v = readNumber(raw);
  if (v === undefined || !Number.isInteger(v) || v < min) throw new InputError(flag, `expected an integer ≥ ${min}, got ${show(raw)}`);
  return v;
}

/** A comma-separated list of finite numbers: `1,-0.5,2`. */
export function parseList(flag: string, raw: string): number[] {
  const parts = raw.split(',');
  return parts.map((p, k) => {
    const v = readNumber(p);
    if (v === undefined) {
      const which = parts.length > 1 ? `value ${k + 1} of ${show(raw)} is ${show(p.trim())}` : `got ${show(raw)}`;
      throw new InputError(flag, `expected a comma-separated list of numbers; ${which}`);
    }
    return v;
  });
}

/** `--lr 0.1` or `--lr 0.1,0.05` (one per player): positive numbers. */
export function parseRates(flag: string, raw: string): number | number[] {
  const list = parseList(flag, raw);
  list.forEach((v) => {
    if (!(v > 0)) throw new InputError(flag, `expected a positive number (or one per player, comma-separated), got ${show(raw)}`);
  });
  return list.length === 1 ? list[0] : list;
}

/** Repeated `--opt key=value` flags as a record of strings; a key given twice is an error. */
export function parseKeyValues(flag: string, items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? '' : item.slice(0, eq).trim();
    if (eq < 0 || key === '') throw new InputError(flag, `expected key=value, got ${show(item)}`);
    if (Object.hasOwn(out, key)) throw new InputError(flag, `${key} given twice`);
    out[key] = item.slice(eq + 1).trim();
  }
  return out;
}

/** Commander's collector for repeatable flags. */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The flags that choose a game, shared by every command that takes one (`run`, `analyze`). `verb`: `to play`. */
export function gameOptions(command: Command, verb: string): Command {
  return command
    .option('--game <name>', 'the game (see saddle list games); default bilinear')
    .option('--param <key=value>', 'a game parameter; repeat for several', collect)
    .option('--f <expr>', `f(x, y) ${verb} (implies --game expr); twice: player 1’s loss, then player 2’s`, collect);
}
