/**
 * `npm run experiment:modes`: mode collapse on ring8 and grid25, measured by the protocol of VEEGAN and PacGAN
 * (../shared/REFERENCES.md: 2,500 samples; a sample is high quality within 3 std of its nearest mode; a mode is
 * captured when it is the nearest mode of at least one high-quality sample; reverse KL of the histogram of nearest
 * modes), for a baseline and the best presets of gan/presets.ts, over seeds 1..n, on the wasm backend in Node.
 *
 * Prints a table in the form of PacGAN's Table 1 (Lin et al. 2018): per method and data set, modes, high-quality
 * percentage and reverse KL as mean ± standard error over the seeds (standard error s/√n, s the sample standard
 * deviation), beside the published rows; `--out FILE` writes every run and the summary as JSON.
 *
 *   npm run experiment:modes                         # the defaults: 5 seeds, both data sets, baseline + best presets
 *   npm run experiment:modes -- --seeds 2 --presets coverage --datasets ring8 --out modes.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { deviation, mean } from 'd3';
import { useBackend } from '../gan/backend.ts';
import { getPreset, withPreset } from '../gan/presets.ts';
import { createTrainer } from '../gan/train.ts';
import { parseInteger } from '../src/cli/args.ts';
import { processIo, type Io } from '../src/cli/io.ts';
import { toJson } from '../src/cli/json.ts';
import { progressBar } from '../src/cli/progress.ts';
import { InputError, show } from '../src/errors.ts';

/** The presets the experiment runs by default: the baseline first, then the cures that cover the modes. */
export const DEFAULT_PRESETS = ['mode-collapse', 'alternating', 'coverage'] as const;
export const DATASETS = ['ring8', 'grid25'] as const;
export type ModeDataset = (typeof DATASETS)[number];

/** One training run, scored. */
export interface RunResult {
  preset: string;
  dataset: ModeDataset;
  seed: number;
  steps: number;
  modes: number;
  highQuality: number;
  reverseKl: number;
  seconds: number;
  stepsPerSecond: number;
  /** Set when a non-finite loss stopped the run (the last finite parameters were scored). */
  stopped?: string;
}

/** A mean and its standard error s/√n (NaN for n < 2, where s is undefined). */
export interface MeanSe {
  mean: number;
  se: number;
}

/** Mean ± standard error of `values`: d3's mean and sample standard deviation (n − 1), over √n. */
export function meanSe(values: readonly number[]): MeanSe {
  if (values.length === 0) throw new RangeError('meanSe of no values');
  const s = deviation(values);
  return { mean: mean(values)!, se: s === undefined ? Number.NaN : s / Math.sqrt(values.length) };
}

export interface SummaryRow {
  preset: string;
  dataset: ModeDataset;
  runs: number;
  modes: MeanSe;
  highQuality: MeanSe;
  reverseKl: MeanSe;
  seconds: MeanSe;
}

/** Rows per (preset, dataset), in the order the runs came. */
export function summarize(runs: readonly RunResult[]): SummaryRow[] {
  const groups = new Map<string, RunResult[]>();
  for (const r of runs) {
    const key = `${r.preset}\u0000${r.dataset}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => ({
    preset: g[0].preset,
    dataset: g[0].dataset,
    runs: g.length,
    modes: meanSe(g.map((r) => r.modes)),
    highQuality: meanSe(g.map((r) => r.highQuality)),
    reverseKl: meanSe(g.map((r) => r.reverseKl)),
    seconds: meanSe(g.map((r) => r.seconds)),
  }));
}

/** A published row: modes and high-quality fraction as REFERENCES.md gives them (no reverse KL there). */
export interface PublishedRow {
  method: string;
  source: string;
  ring8?: { modes: number; highQuality?: number };
  grid25?: { modes: number; highQuality?: number };
}

/** PacGAN Table 1 and VEEGAN Table 1, as recorded in ../shared/REFERENCES.md. */
export const PUBLISHED: readonly PublishedRow[] = [
  { method: 'GAN', source: 'PacGAN T1', ring8: { modes: 6.3, highQuality: 0.982 }, grid25: { modes: 17.3, highQuality: 0.948 } },
  { method: 'PacGAN4', source: 'PacGAN T1', ring8: { modes: 7.8, highQuality: 0.959 }, grid25: { modes: 24.8, highQuality: 0.936 } },
  { method: 'GAN', source: 'VEEGAN T1', ring8: { modes: 1 }, grid25: { modes: 3.3 } },
  { method: 'Unrolled GAN', source: 'VEEGAN T1', ring8: { modes: 7.6 }, grid25: { modes: 23.6 } },
  { method: 'VEEGAN', source: 'VEEGAN T1', ring8: { modes: 8 }, grid25: { modes: 24.6 } },
];

const pm = (v: MeanSe, digits: number, scale = 1) =>
  Number.isNaN(v.se) ? (v.mean * scale).toFixed(digits) : `${(v.mean * scale).toFixed(digits)} ± ${(v.se * scale).toFixed(digits)}`;

/** Left-aligned columns, two spaces apart. */
function columns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, k) => (widths[k] = Math.max(widths[k] ?? 0, [...c].length)));
  return rows.map((row) => row.map((c, k) => (k === row.length - 1 ? c : c + ' '.repeat(widths[k] - [...c].length))).join('  ')).join('\n');
}

/** The table in the form of PacGAN's Table 1: one line per method, ring8 then grid25; published rows below. */
export function formatTable(summary: readonly SummaryRow[], seeds: number): string {
  const methods = [...new Set(summary.map((s) => s.preset))];
  const cell = (preset: string, dataset: ModeDataset) => summary.find((s) => s.preset === preset && s.dataset === dataset);
  const head = ['method', 'ring8 modes (8)', 'high quality %', 'reverse KL', 'grid25 modes (25)', 'high quality %', 'reverse KL', 's / run'];
  const rows: string[][] = [head];
  for (const m of methods) {
    const row = [m];
    const times: number[] = [];
    for (const d of DATASETS) {
      const c = cell(m, d);
      row.push(c ? pm(c.modes, 1) : '', c ? pm(c.highQuality, 1, 100) : '', c ? pm(c.reverseKl, 2) : '');
      if (c) times.push(c.seconds.mean);
    }
    row.push(times.map((t) => t.toFixed(0)).join(' / '));
    rows.push(row);
  }
  rows.push(['published', '', '', '', '', '', '', '']);
  for (const p of PUBLISHED) {
    const hq = (v?: number) => (v === undefined ? '—' : (100 * v).toFixed(1));
    rows.push([`${p.method} (${p.source})`, String(p.ring8?.modes ?? '—'), hq(p.ring8?.highQuality), '—', String(p.grid25?.modes ?? '—'), hq(p.grid25?.highQuality), '—', '']);
  }
  return `Mode collapse on 2-D mixtures (PacGAN protocol: 2,500 samples; mean ± standard error over ${seeds} seed${seeds === 1 ? '' : 's'})\n${columns(rows)}\n(published rows from ../shared/REFERENCES.md, which does not record their reverse KL or errors)`;
}

export interface ExperimentOptions {
  presets: readonly string[];
  datasets: readonly ModeDataset[];
  /** Seeds firstSeed..seeds. */
  seeds: number;
  /** The first seed (default 1): a later start resumes an experiment, whose tables `--from` merges. */
  firstSeed?: number;
  /** Generator steps per run; default each preset's own budget. */
  steps?: number;
  backend: 'cpu' | 'wasm';
  /** Configuration values over every preset's (for quick runs: smaller networks, a smaller batch). */
  overrides?: Readonly<Record<string, unknown>>;
  /** Called after every progress tick: steps done over all runs, their total, and what runs. */
  onProgress?(done: number, total: number, label: string): void;
  /** Called after every run with the runs so far (to save partial results). */
  onRun?(run: RunResult, runs: readonly RunResult[]): void;
}

/** Generator steps over all the runs of an experiment. */
export function totalSteps(o: Pick<ExperimentOptions, 'presets' | 'datasets' | 'seeds' | 'steps' | 'firstSeed'>): number {
  const runs = Math.max(0, o.seeds - (o.firstSeed ?? 1) + 1);
  return o.presets.reduce((s, p) => s + (o.steps ?? getPreset(p).steps) * o.datasets.length * runs, 0);
}

/** Trains every (preset, dataset, seed) and scores it; runs are independent and seeded. */
export async function runExperiment(o: ExperimentOptions): Promise<RunResult[]> {
  await useBackend(o.backend);
  const stepsOf = (preset: string) => o.steps ?? getPreset(preset).steps;
  const total = totalSteps(o);
  const runs: RunResult[] = [];
  let before = 0;
  for (const preset of o.presets) {
    for (const dataset of o.datasets) {
      for (let seed = o.firstSeed ?? 1; seed <= o.seeds; seed++) {
        const steps = stepsOf(preset);
        const trainer = createTrainer(withPreset(preset, { ...o.overrides, dataset, seed }));
        try {
          const label = `${preset}, ${dataset}, seed ${seed}`;
          const t0 = performance.now();
          const result = trainer.train(steps, { onProgress: (s) => o.onProgress?.(before + s, total, label), progressEvery: 10 });
          const seconds = (performance.now() - t0) / 1000;
          const score = trainer.score().modes!;
          runs.push({
            preset,
            dataset,
            seed,
            steps: result.steps,
            modes: score.modes,
            highQuality: score.highQuality,
            reverseKl: score.reverseKl,
            seconds,
            stepsPerSecond: result.stepsPerSecond,
            ...(result.stopped ? { stopped: result.stopped.message } : {}),
          });
          o.onProgress?.(before + steps, total, label);
          o.onRun?.(runs.at(-1)!, runs);
        } finally {
          trainer.dispose();
        }
        before += steps;
      }
    }
  }
  return runs;
}

const PROTOCOL = 'PacGAN Table 1: 2,500 samples; high quality within 3 std of the nearest mode; mean ± standard error over seeds';

/** `--from a.json,b.json`: the table of runs saved by earlier `--out`s, together. */
function tableFrom(files: string, io: Io): number {
  const runs: RunResult[] = [];
  for (const f of files.split(',')) {
    const path = resolve(io.cwd ?? process.cwd(), f.trim());
    let saved: { runs?: RunResult[] };
    try {
      saved = JSON.parse(readFileSync(path, 'utf8')) as { runs?: RunResult[] };
    } catch (e) {
      throw new InputError(`--from ${f}`, e instanceof SyntaxError ? 'its JSON does not parse' : 'cannot be read');
    }
    if (!Array.isArray(saved.runs)) throw new InputError(`--from ${f}`, 'has no "runs" list (not written by --out)');
    runs.push(...saved.runs);
  }
  const seeds = Math.max(...summarize(runs).map((s) => s.runs));
  io.stdout.write(`${formatTable(summarize(runs), seeds)}\n`);
  return 0;
}

/** The command line: reads flags, runs, prints the table, writes --out. Returns the exit code (2: bad input). */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const program = new Command('experiment-modes')
    .description('Mode collapse on ring8 and grid25 (PacGAN protocol) for a baseline and the best presets, over seeds.')
    .option('--seeds <n>', 'seeds 1..n per preset and data set', '5')
    .option('--first-seed <n>', 'start at this seed instead of 1 (resume; merge the tables with --from)')
    .option('--presets <names>', 'comma-separated presets (saddle gan --list-presets)', DEFAULT_PRESETS.join(','))
    .option('--datasets <names>', 'comma-separated: ring8, grid25', DATASETS.join(','))
    .option('--steps <n>', "generator steps per run (default: each preset's budget)")
    .option('--backend <name>', 'cpu | wasm', 'wasm')
    .option('--out <file>', 'write every run and the summary as JSON (rewritten after each run)')
    .option('--from <files>', 'comma-separated --out files of earlier runs: print their table together, train nothing')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: () => {} });
  let flags: { seeds: string; firstSeed?: string; presets: string; datasets: string; steps?: string; backend: string; out?: string; from?: string };
  try {
    flags = program.parse([...argv], { from: 'user' }).opts();
  } catch (e) {
    if (e instanceof CommanderError && (e.code === 'commander.helpDisplayed' || e.code === 'commander.help')) return 0;
    io.stderr.write(`experiment:modes: ${e instanceof Error ? e.message.replace(/^error: /, '') : String(e)}\n`);
    return 2;
  }
  try {
    if (flags.from !== undefined) return tableFrom(flags.from, io);
    const presets = flags.presets.split(',').map((p) => p.trim());
    for (const p of presets) {
      try {
        getPreset(p);
      } catch (e) {
        throw e instanceof InputError ? new InputError('--presets', e.what) : e;
      }
    }
    const datasets = flags.datasets.split(',').map((d) => d.trim());
    for (const d of datasets) {
      if (!(DATASETS as readonly string[]).includes(d)) throw new InputError('--datasets', `expected ring8 or grid25, got ${show(d)}`);
    }
    if (flags.backend !== 'cpu' && flags.backend !== 'wasm') throw new InputError('--backend', `expected cpu or wasm, got ${show(flags.backend)}`);
    const seeds = parseInteger('--seeds', flags.seeds, 1);
    const firstSeed = flags.firstSeed === undefined ? 1 : parseInteger('--first-seed', flags.firstSeed, 1);
    if (firstSeed > seeds) throw new InputError('--first-seed', `${firstSeed} is after the last seed (--seeds ${seeds})`);
    const steps = flags.steps === undefined ? undefined : parseInteger('--steps', flags.steps, 1);
    const out = flags.out === undefined ? undefined : resolve(io.cwd ?? process.cwd(), flags.out);
    const loadBefore = loadavg()[0];
    const t0 = performance.now();
    const plan = { presets, datasets: datasets as ModeDataset[], seeds, firstSeed, steps, backend: flags.backend } as const;
    const bar = progressBar({ ...io, progressThreshold: 0 }, 1, totalSteps(plan));
    const record = (runs: readonly RunResult[]) => {
      const seconds = (performance.now() - t0) / 1000;
      const load = { before: loadBefore, after: loadavg()[0] };
      if (out) writeFileSync(out, `${toJson({ protocol: PROTOCOL, backend: flags.backend, seeds, seconds, load, summary: summarize(runs), published: PUBLISHED, runs }, 2)}\n`);
      return { seconds, load };
    };
    let runs: RunResult[];
    try {
      runs = await runExperiment({
        ...plan,
        onProgress: (done, _total, label) => bar.update(done, label),
        onRun: (r, all) => {
          record(all);
          // Without a terminal there is no bar: one line per finished run instead.
          if (!io.stderr.isTTY) io.stderr.write(`${r.preset}, ${r.dataset}, seed ${r.seed}: ${r.modes} modes, ${(100 * r.highQuality).toFixed(1)}% high quality, reverse KL ${r.reverseKl.toFixed(3)}, ${r.seconds.toFixed(0)} s\n`);
        },
      });
    } finally {
      bar.stop();
    }
    const { seconds, load } = record(runs);
    const loadAfter = load.after;
    const summary = summarize(runs);
    io.stdout.write(`${formatTable(summary, seeds - firstSeed + 1)}\n`);
    io.stdout.write(`${runs.length} runs in ${seconds.toFixed(0)} s on ${flags.backend}; 1-minute load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end (other work on the machine slows runs down)\n`);
    const stopped = runs.filter((r) => r.stopped);
    for (const r of stopped) io.stdout.write(`note: ${r.preset}, ${r.dataset}, seed ${r.seed}: ${r.stopped}\n`);
    if (out) io.stdout.write(`wrote ${out}\n`);
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr.write(`experiment:modes: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
