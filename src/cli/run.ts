import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../errors.ts';
import { gameDim } from '../game.ts';
import { createGame } from '../games/index.ts';
import {
  isOptimizerRun,
  loadScenario,
  prepareScenario,
  runScenario,
  summarizeBatch,
  type PreparedScenario,
  type Run,
  type Scenario,
  type ScenarioResult,
} from '../scenario/index.ts';
import type { Starts } from '../starts.ts';
import { collect, gameOptions, parseInteger, parseKeyValues, parseList, parseNumber, parseRates } from './args.ts';
import { outFormat, writeOut } from './export.ts';
import { fmt, showPoint, showStatus, showSummary, table } from './format.ts';
import type { Io } from './io.ts';
import { toJson } from './json.ts';
import { progressBar } from './progress.ts';
import { resolveScenario } from './sims.ts';

/** The flags of `saddle run`, as commander hands them over (strings; repeatable flags as lists). */
export interface RunFlags {
  game?: string;
  param?: string[];
  f?: string[];
  optimizer?: string;
  lr?: string;
  opt?: string[];
  integrator?: string;
  dt?: string;
  init?: string;
  steps?: string;
  every?: string;
  tol?: string;
  bound?: string;
  json?: boolean;
  out?: string;
}

const EXAMPLES = `
Examples:
  $ saddle run --game bilinear --optimizer simgda --lr 0.1 --init 1,1 --steps 100
  $ saddle run --optimizer eg --lr 0.5 --init 1,1 --steps 200 --json
  $ saddle run --f "x*y + 0.05*x^2" --optimizer altgda --lr 0.2 --init 1,1 --every 10
  $ saddle run --f "x^2/2 + x*y" --f "y^2/2 - x*y" --optimizer simgda --init 1,1      (two losses: general-sum)
  $ saddle run --f "a*x*y" --param a=2 --optimizer eg --init 1,1
  $ saddle run --game dirac --param loss=wgan --optimizer momentum --opt beta=-0.5,0 --opt alternating=true --init 1,1
  $ saddle run --game matrix --param 'A=[[1,2,0],[0,1,3]]' --optimizer eg --lr 0.1 --init 1,1,1,1,1
  $ saddle run --integrator rk45 --dt 0.1 --steps 100 --every 10 --out flow.csv
  $ saddle run sims/xy.json
  $ saddle run xy --steps 100 --json                 (a scenario of the package, by name)
  $ saddle run dirac-gan --optimizer eg --lr 0.2     (its game and start, another optimizer)

Without a scenario file: the game defaults to bilinear, the optimizer to simgda, the start to 1 for every
coordinate, the steps to 100. --json then prints one object
  {"final": [...], "norm": n, "status": "converged"|"diverged"|"running", "step": n, "trajectory"?: [[...], ...]}
(the trajectory when --every is given). With a file, --json prints {"runs": [...]}: each run's final point,
or for a batch of starts its counts of statuses and median final norm.
With a file, flags override it: --game/--f replace its game (--param alone adds to its params), --init its
starts, --optimizer/--integrator its runs; --lr and --opt apply to each of its optimizer runs, --dt to each
integrator run.
A diverged run stops at the step where ‖z‖ passed --bound (or turned non-finite); its final point is the last
one inside the bound.
Exit codes: 0 done (whatever the runs' statuses), 2 bad input (one line on stderr), 1 a bug.`;

/** Declares `saddle run` on `program`. */
export function runCommand(program: Command, io: Io, setCode: (code: number) => void): void {
  const command = program
    .command('run')
    .summary('run optimizers or a flow on a game, from flags or a scenario file')
    .description('Run a scenario file, or one optimizer (or integrator) on one game from one start, and report where it ended.')
    .argument('[scenario]', 'a scenario file (sims/xy.json), or the name of one in the package’s sims/ (xy)');
  gameOptions(command, 'to play')
    .option('--optimizer <name>', 'the optimizer (see saddle list optimizers); default simgda')
    .option('--lr <eta>', 'learning rate η; a comma list gives one per player (0.1,0.05)')
    .option('--opt <key=value>', 'an optimizer (or integrator) option, e.g. beta=-0.5,0; repeat for several', collect)
    .option('--integrator <name>', 'integrate the gradient flow instead (see saddle list integrators); needs --dt')
    .option('--dt <h>', 'the time one integrator step advances')
    .option('--init <v1,v2,...>', 'the start: all players’ coordinates in order, x then y (default 1 each)')
    .option('--steps <n>', 'steps to take (default 100)')
    .option('--every <k>', 'record the trajectory every k steps')
    .option('--tol <t>', 'converged when ‖ξ(z)‖ < t (default 1e-8)')
    .option('--bound <b>', 'diverged when ‖z‖ > b (default 1e6)')
    .option('--json', 'print JSON instead of a summary')
    .option('--out <file>', 'write the trajectory (or a batch’s frames) to a .csv or .json file')
    .addHelpText('after', EXAMPLES)
    .action(async (file: string | undefined, flags: RunFlags) => setCode(await run(file, flags, io)));
}

/** The flags read and checked, before any game exists. */
interface Parsed {
  /** The game, when --game or --f sets it. */
  game?: { name: string; params: Record<string, unknown> };
  /** --param values (also when they only add to a file's game). */
  params: Record<string, string>;
  /** The one run of --optimizer or --integrator. */
  run?: Run;
  lr?: number | number[];
  opt: Record<string, string>;
  dt?: number;
  init?: number[];
  steps?: number;
  every?: number;
  tol?: number;
  bound?: number;
}

function readFlags(flags: RunFlags): Parsed {
  const f = { ...flags, param: flags.param ?? [], f: flags.f ?? [], opt: flags.opt ?? [] };
  const params = parseKeyValues('--param', f.param);
  const opt = parseKeyValues('--opt', f.opt);
  const p: Parsed = { params, opt };
  if (f.f.length) {
    if (f.game !== undefined && f.game !== 'expr') throw new InputError('--f', `implies --game expr; it cannot go with --game ${f.game}`);
    if ('f' in params || 'losses' in params) throw new InputError('--f', `the expression is given twice, by --f and by --param ${'f' in params ? 'f' : 'losses'}`);
    p.game = { name: 'expr', params: { ...params, ...(f.f.length === 1 ? { f: f.f[0] } : { losses: f.f }) } };
  } else if (f.game !== undefined) {
    p.game = { name: f.game, params };
  }
  if (f.optimizer !== undefined && f.integrator !== undefined) throw new InputError('--integrator', 'give --optimizer or --integrator, not both');
  if (f.lr !== undefined) p.lr = parseRates('--lr', f.lr);
  if (f.dt !== undefined) {
    p.dt = parseNumber('--dt', f.dt);
    if (p.dt === 0) throw new InputError('--dt', 'expected a nonzero number, got 0');
  }
  if (f.integrator !== undefined) {
    if (p.dt === undefined) throw new InputError('--integrator', 'needs --dt h, the time one step advances');
    if (p.lr !== undefined) throw new InputError('--lr', `applies to optimizers; the integrator ${f.integrator} takes --dt`);
    p.run = { integrator: f.integrator, dt: p.dt, options: opt };
  } else if (f.optimizer !== undefined) {
    if (p.dt !== undefined) throw new InputError('--dt', `applies to integrators; the optimizer ${f.optimizer} takes --lr`);
    p.run = { optimizer: f.optimizer, options: { ...opt }, ...(p.lr === undefined ? {} : { lr: p.lr }) };
  }
  if (f.init !== undefined) p.init = parseList('--init', f.init);
  if (f.steps !== undefined) p.steps = parseInteger('--steps', f.steps, 1);
  if (f.every !== undefined) p.every = parseInteger('--every', f.every, 1);
  if (f.tol !== undefined) p.tol = parseNumber('--tol', f.tol, 'positive');
  if (f.bound !== undefined) p.bound = parseNumber('--bound', f.bound, 'positive');
  if (f.out !== undefined) outFormat(f.out);
  return p;
}

/** A scenario from flags alone: one run, one start. */
async function scenarioFromFlags(p: Parsed): Promise<Scenario> {
  if (p.dt !== undefined && !p.run) throw new InputError('--dt', 'needs --integrator NAME');
  const game = p.game ?? { name: 'bilinear', params: p.params };
  // The game is made here too, to default the start to 1 for each of its coordinates.
  const init = p.init ?? new Array<number>(gameDim(await createGame(game.name, game.params))).fill(1);
  const run: Run = p.run ?? { optimizer: 'simgda', options: { ...p.opt }, ...(p.lr === undefined ? {} : { lr: p.lr }) };
  return {
    source: '',
    title: 'command line',
    description: '',
    game,
    init,
    steps: p.steps ?? 100,
    every: p.every ?? 0,
    tol: p.tol,
    bound: p.bound,
    runs: [run],
    fromCommandLine: { game: true, init: true, runs: [true] },
  };
}

/** A scenario file with the flags' overrides; the overridden parts are marked, so their errors name the flags. */
function override(s: Scenario, p: Parsed): Scenario {
  const out: Scenario = { ...s, runs: s.runs.map((r) => ({ ...r })) };
  const cli = { game: false, init: false, runs: out.runs.map(() => false) };
  if (p.game) {
    out.game = p.game;
    cli.game = true;
  } else if (Object.keys(p.params).length) {
    out.game = { name: s.game.name, params: { ...s.game.params, ...p.params } };
    cli.game = true;
  }
  if (p.init) {
    out.init = p.init;
    cli.init = true;
  }
  if (p.steps !== undefined) out.steps = p.steps;
  if (p.every !== undefined) out.every = p.every;
  if (p.tol !== undefined) out.tol = p.tol;
  if (p.bound !== undefined) out.bound = p.bound;
  if (p.run) {
    out.runs = [p.run];
    cli.runs = [true];
  } else {
    const optimizerRuns = out.runs.filter(isOptimizerRun);
    if ((p.lr !== undefined || Object.keys(p.opt).length) && !optimizerRuns.length) {
      throw new InputError(p.lr !== undefined ? '--lr' : '--opt', `${s.source} has no optimizer runs to apply it to`);
    }
    if (p.dt !== undefined && optimizerRuns.length === out.runs.length) throw new InputError('--dt', `${s.source} has no integrator runs to apply it to`);
    out.runs.forEach((run, i) => {
      if (isOptimizerRun(run)) {
        if (p.lr === undefined && !Object.keys(p.opt).length) return;
        const options = { ...run.options, ...p.opt };
        if (p.lr !== undefined) {
          delete options.lr;
          run.lr = p.lr;
        }
        run.options = options;
        cli.runs[i] = true;
      } else if (p.dt !== undefined) {
        run.dt = p.dt;
        cli.runs[i] = true;
      }
    });
  }
  out.fromCommandLine = cli;
  return out;
}

/** Runs `saddle run`; returns the exit code. Bad input throws an InputError (reported by main). */
export async function run(file: string | undefined, flags: RunFlags, io: Io): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const p = readFlags(flags);
  let scenario: Scenario;
  if (file !== undefined) {
    const { path, name } = resolveScenario(file, cwd);
    scenario = override(await loadScenario(path, name), p);
  } else {
    scenario = await scenarioFromFlags(p);
  }
  const single = Array.isArray(scenario.init);
  // --out needs a trajectory: record every step of a single start unless told otherwise (and print none).
  const forcedEvery = flags.out !== undefined && single && scenario.every === 0;
  if (forcedEvery) scenario.every = 1;
  const prepared = await prepareScenario(scenario);
  const result = await execute(prepared, io);
  if (flags.out !== undefined) writeOut(resolve(cwd, flags.out), flags.out, result);

  const showTrajectory = scenario.every > 0 && !forcedEvery;
  if (flags.json) io.stdout.write(`${toJson(file === undefined ? jsonOne(result, showTrajectory) : jsonRuns(result, showTrajectory))}\n`);
  else io.stdout.write(file === undefined ? textOne(result) : textRuns(result));
  if (flags.out !== undefined && !flags.json) io.stdout.write(`wrote ${flags.out}\n`);
  return 0;
}

/** Runs every run, with a progress bar on a terminal when the work is large. */
async function execute(prepared: PreparedScenario, io: Io): Promise<ScenarioResult> {
  const { scenario, starts, runs } = prepared;
  const bar = progressBar(io, starts.n * scenario.steps * runs.length, scenario.steps * runs.length);
  try {
    return await runScenario(prepared, { onProgress: (done, _total, i) => bar.update(done, runs[i].label) });
  } finally {
    bar.stop();
  }
}

function jsonOne(out: ScenarioResult, showTrajectory: boolean) {
  const { trajectory, ...rest } = out.runs[0].trajectory!;
  return showTrajectory && trajectory ? { ...rest, trajectory } : rest;
}

function jsonRuns(out: ScenarioResult, showTrajectory: boolean) {
  return {
    runs: out.runs.map((run) => {
      if (run.trajectory) {
        const { trajectory, ...rest } = run.trajectory;
        return { label: run.label, ...rest, ...(showTrajectory && trajectory ? { trajectory } : {}) };
      }
      return { label: run.label, ...summarizeBatch(run.result) };
    }),
  };
}

const describeStarts = (out: ScenarioResult): string => {
  const s: Starts = out.starts;
  if (s.kind === 'point') return `start ${showPoint(out.game, Array.from(s.z, (b) => b[0]))}`;
  if (s.kind === 'grid' && s.grid) {
    const [x0, x1, y0, y1] = s.grid.box.map(fmt);
    return `${s.grid.nx} × ${s.grid.ny} grid over [${x0}, ${x1}] × [${y0}, ${y1}]`;
  }
  return `${s.n} random starts (seed ${s.seed})`;
};

const divergedNote = (bound: number | undefined) =>
  ` (‖z‖ passed ${fmt(bound ?? 1e6)}; final is the last point inside)`;

function textOne(out: ScenarioResult): string {
  const run = out.runs[0];
  const t = run.trajectory!;
  const rows = [
    ['game', out.game.description],
    [run.kind, run.label],
    ['start', showPoint(out.game, Array.from(out.starts.z, (b) => b[0]))],
    ['status', showStatus(t) + (t.status === 'diverged' ? divergedNote(out.scenario.bound) : '')],
    ['final', showPoint(out.game, t.final)],
    ['norm', fmt(t.norm)],
  ];
  if (t.trajectory && out.scenario.every > 0) rows.push(['recorded', `${t.trajectory.length} points (every ${out.scenario.every} steps)`]);
  return `${table(rows)}\n`;
}

function textRuns(out: ScenarioResult): string {
  const { scenario, game } = out;
  const head = `${scenario.source}: ${scenario.title}\ngame ${game.description}; ${describeStarts(out)}; ${scenario.steps} steps\n`;
  const rows = out.runs.map((run) => {
    if (run.trajectory) {
      const t = run.trajectory;
      return [run.label, showStatus(t), `norm ${fmt(t.norm)}`, showPoint(game, t.final)];
    }
    return [run.label, showSummary(summarizeBatch(run.result))];
  });
  return `${head}${table(rows, '  ')}\n`;
}
