import { closeSync, openSync, writeSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError, show } from '../errors.ts';
import { pointAt, type Game } from '../game.ts';
import type { BatchResult } from '../simulate.ts';
import { STATUS } from '../simulate.ts';
import { summarizeBatch, type ScenarioResult } from '../scenario/index.ts';
import { coordNames } from './format.ts';
import { csvNumber, toJson } from './json.ts';

/** The file formats of `--out`, by extension. */
export type OutFormat = 'csv' | 'json';

export function outFormat(name: string): OutFormat {
  const ext = extname(name).toLowerCase();
  if (ext === '.csv' || ext === '.json') return ext.slice(1) as OutFormat;
  throw new InputError('--out', `expected a file name ending in .csv or .json, got ${show(name)}`);
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Writes text in chunks, so that a large batch's frames never sit in memory as one string. */
function chunkedWriter(path: string, name: string) {
  let fd: number;
  const fail = (e: unknown): never => {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such directory' : err.code === 'EACCES' ? 'permission denied' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    throw new InputError('--out', `cannot write ${name}: ${why}`);
  };
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    return fail(e);
  }
  let buffer = '';
  const flush = () => {
    try {
      writeSync(fd, buffer);
    } catch (e) {
      closeSync(fd);
      fail(e);
    }
    buffer = '';
  };
  return {
    write(s: string) {
      buffer += s;
      if (buffer.length > 1 << 20) flush();
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}

/** The frames of a run: the recorded ones, or (when none were recorded) the start and each point's final state. */
function framesOf(result: BatchResult, start: readonly Float64Array[]): { frames: readonly (readonly Float64Array[])[]; steps: (number | Int32Array)[] } {
  if (result.frames.length) return { frames: result.frames, steps: result.frameSteps };
  return { frames: [start, result.final], steps: [0, result.step] };
}

/**
 * Writes every run's trajectory (one start) or frames (a batch) to `path`: CSV with the header
 * `run,step,<coordinates>` (a batch adds `point` after `run`), or JSON.
 */
export function writeOut(path: string, name: string, out: ScenarioResult): void {
  const format = outFormat(name);
  const { game, starts } = out;
  const w = chunkedWriter(path, name);
  if (format === 'csv') writeCsv(w, game, out, starts.n === 1, starts.z);
  else w.write(`${toJson(jsonOf(out), 1)}\n`);
  w.close();
}

function writeCsv(w: { write(s: string): void }, game: Game, out: ScenarioResult, single: boolean, start: readonly Float64Array[]) {
  const coords = coordNames(game);
  w.write(`${['run', ...(single ? [] : ['point']), 'step', ...coords].map(csvCell).join(',')}\n`);
  for (const run of out.runs) {
    const label = csvCell(run.label);
    const { frames, steps } = framesOf(run.result, start);
    const n = run.result.n;
    frames.forEach((frame, f) => {
      const s = steps[f];
      for (let b = 0; b < n; b++) {
        const step = typeof s === 'number' ? s : s[b];
        const values = pointAt(game, frame, n, b).map(csvNumber).join(',');
        w.write(single ? `${label},${step},${values}\n` : `${label},${b},${step},${values}\n`);
      }
    });
  }
}

function jsonOf(out: ScenarioResult) {
  const { game, starts, scenario } = out;
  const n = starts.n;
  const head = { title: scenario.title, game: game.description, coords: coordNames(game), points: n };
  const points = (batch: readonly Float64Array[]) => Array.from({ length: n }, (_, b) => pointAt(game, batch, n, b));
  const runs = out.runs.map((run) => {
    const r = run.result;
    if (n === 1 && run.trajectory) return { label: run.label, ...run.trajectory, steps: r.frameSteps.length ? r.frameSteps : undefined };
    return {
      label: run.label,
      ...summarizeBatch(r),
      steps: r.frameSteps.length ? r.frameSteps : undefined,
      frames: r.frames.length ? r.frames.map(points) : undefined,
      final: points(r.final),
      status: Array.from(r.status, (c) => STATUS[c]),
      step: r.step,
    };
  });
  return { ...head, runs };
}
