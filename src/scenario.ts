/**
 * Scenarios: one experiment per JSON file in sims/ (a game, starting points, a number of steps, and the runs to
 * compare: optimizers or integrators of the flow). The file is validated against a zod schema built from the
 * registries (so each optimizer's options are checked by name and range, and the emitted JSON Schema,
 * sims/scenario.schema.json, lets an editor do the same); errors name the file and the JSON path:
 * `sims/xy.json: runs[2].lr: expected a positive number, got -1`.
 *
 * {@link parseScenario} does no file I/O (it takes text or parsed JSON), so a page can use it; {@link loadScenario}
 * reads a file in Node (node:fs is imported only when it is called).
 */
import { z } from 'zod';
import type { Dynamics } from './dynamics.ts';
import { InputError, show } from './errors.ts';
import { integrate, integrators } from './flow/index.ts';
import type { Game } from './game.ts';
import { createGame, games } from './games/index.ts';
import { commonOptions, createOptimizer, optimizers } from './optim/index.ts';
import type { OptionSpec, OptionSpecs, Range } from './options.ts';
import { optimizerDynamics, simulate, trajectoryOf, type BatchResult, type Trajectory } from './simulate.ts';
import { makeStarts, MAX_SEED, MAX_STARTS, type InitSpec, type Starts } from './starts.ts';

// ————————————————————————————————————————— the schema —————————————————————————————————————————

/** Error options for a schema: `expected <what>, got <value>`, or `missing` when the key is absent. */
const expect = (what: string) => ({
  error: (iss: { input?: unknown }) => (iss.input === undefined ? `missing: expected ${what}` : `expected ${what}, got ${show(iss.input)}`),
});
const finite = (what = 'a finite number') => z.number(expect(what));
const positive = () => z.number(expect('a positive number')).positive(expect('a positive number'));
const integer = (min: number, max?: number) => {
  const what = max === undefined ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
  const base = z.number(expect(what)).int(expect(what)).min(min, expect(what));
  return max === undefined ? base : base.max(max, expect(what));
};
const text = (what: string) => z.string(expect(what));
/** A strict object whose unknown keys are errors that list the known ones. */
function strict<S extends z.core.$ZodLooseShape>(shape: S, what: string) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys') {
        const keys = iss.keys.map((k) => show(k)).join(', ');
        return `unknown ${iss.keys.length === 1 ? 'key' : 'keys'} ${keys} in ${what} (known: ${known})`;
      }
      if (iss.code === 'invalid_type') return iss.input === undefined ? `missing: expected ${what}` : `expected ${what}, got ${show(iss.input)}`;
      return undefined;
    },
  });
}

const rangeWords: Record<Range, string> = {
  positive: 'a positive number',
  nonnegative: 'a number ≥ 0',
  unit: 'a number in [0, 1)',
  'open-unit': 'a number in (−1, 1)',
  any: 'a finite number',
};
function rangeNumber(range: Range) {
  const e = expect(rangeWords[range]);
  const n = z.number(e);
  switch (range) {
    case 'positive':
      return n.positive(e);
    case 'nonnegative':
      return n.min(0, e);
    case 'unit':
      return n.min(0, e).lt(1, e);
    case 'open-unit':
      return n.gt(-1, e).lt(1, e);
    case 'any':
      return n;
  }
}
/** A number, or one per player. */
const perPlayer = (one: z.ZodNumber, what: string) =>
  z.union([one, z.array(one, expect(`a list of ${what}s`)).min(1, expect(`at least one value`))], expect(`${what}, or a list of them (one per player)`));

/** The zod schema of one declared option (the same {@link OptionSpec} the command line reads). */
function optionSchema(spec: OptionSpec) {
  const meta = { description: spec.description, default: spec.default };
  switch (spec.kind) {
    case 'number': {
      const words = rangeWords[spec.range ?? 'any'];
      const one = rangeNumber(spec.range ?? 'any');
      return (spec.perPlayer ? perPlayer(one, words) : one).meta(meta);
    }
    case 'integer': {
      const one = integer(spec.min);
      return (spec.perPlayer ? perPlayer(one, `an integer ≥ ${spec.min}`) : one).meta(meta);
    }
    case 'boolean':
      return z.boolean(expect('true or false')).meta(meta);
    case 'choice':
      return z.enum(spec.choices as [string, ...string[]], expect(`one of ${spec.choices.join(' | ')}`)).meta(meta);
  }
}
const optionsSchema = (specs: OptionSpecs, owner: string) =>
  strict(Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, optionSchema(s).optional()])), `the options of ${owner}`)
    .optional()
    .meta({ description: `options of ${owner}` });

const label = text('a string').min(1, expect('a non-empty string')).optional().meta({ description: 'the run’s name in legends and reports (default: the optimizer or integrator with its settings)' });
const learningRate = perPlayer(rangeNumber('positive'), 'a positive number').meta({
  description: 'learning rate η, one value or one per player (the same as options.lr; give one of the two)',
});

const optimizerRuns = Object.entries(optimizers).map(([name, entry]) =>
  strict(
    {
      label,
      optimizer: z.literal(name),
      lr: learningRate.optional(),
      options: optionsSchema({ ...commonOptions, ...entry.options }, `optimizer ${name}`),
    },
    `an optimizer run`,
  ).meta({ description: `${entry.summary} (${entry.reference})` }),
);
const integratorRuns = Object.entries(integrators).map(([name, entry]) =>
  strict(
    {
      label,
      integrator: z.literal(name),
      dt: z
        .number(expect('a nonzero number'))
        .refine((v) => v !== 0, expect('a nonzero number'))
        .meta({ description: 'the time one step advances (output interval; negative integrates backwards)' }),
      options: optionsSchema(entry.options, `integrator ${name}`),
    },
    'an integrator run',
  ).meta({ description: `${entry.summary} (${entry.reference})` }),
);
type Branches = [z.ZodObject, ...z.ZodObject[]];
const optimizerRun = z.discriminatedUnion('optimizer', optimizerRuns as unknown as Branches);
const integratorRun = z.discriminatedUnion('integrator', integratorRuns as unknown as Branches);
const runWords = 'a run: {optimizer, lr?, options?, label?} or {integrator, dt, options?, label?}';
const runSchema = z.union([optimizerRun, integratorRun], expect(runWords)).meta({
  description: 'one trajectory (or batch) to compute: an optimizer with its options, or an integrator of the gradient flow ż = −ξ(z)',
});

const box = z
  .array(finite(), expect('a box: a list of numbers'))
  .min(2, expect('a box [lo, hi] or [xmin, xmax, ymin, ymax]'))
  .meta({ description: 'the box to fill: [lo, hi] for every coordinate, or a [lo, hi] pair per coordinate ([xmin, xmax, ymin, ymax] in 2-D); default: domain' });
const pointInit = z
  .array(finite(), expect('a point: a list of numbers'))
  .min(1, expect('a point with at least one coordinate'))
  .meta({ description: 'one start: every coordinate of every player, in order (x then y)' });
const gridInit = strict({ grid: z.tuple([integer(1), integer(1)], expect('[nx, ny]')), box: box.optional() }, 'a grid init {grid: [nx, ny], box?}').meta({
  description: 'an nx × ny grid of starts over the box, endpoints included (games with 2 coordinates)',
});
const randomInit = strict(
  { random: integer(1, MAX_STARTS), seed: integer(0, MAX_SEED).meta({ description: 'seed of d3-random’s randomLcg: the same seed gives the same points' }), box: box.optional() },
  'a random init {random: n, seed, box?}',
).meta({ description: 'n starts uniform in the box, reproducible from the seed' });
const initWords = 'a point [x, y, …], {grid: [nx, ny], box?} or {random: n, seed, box?}';
const initSchema = z.union([pointInit, gridInit, randomInit], expect(initWords));

const gameNames = Object.keys(games) as [string, ...string[]];
const gameSchema = strict(
  {
    name: z.enum(gameNames, {
      error: (iss) => (iss.input === undefined ? `missing: expected a game name (${gameNames.join(', ')})` : `unknown game ${show(iss.input)} (known: ${gameNames.join(', ')})`),
    }),
    params: z.record(z.string(), z.unknown(), expect('an object of params')).optional().meta({ description: 'the game’s parameters (see `saddle list games`)' }),
  },
  'a game {name, params?}',
);

/** The scenario schema. Cross-field rules (a box for grid and random starts, lr given once) are refinements. */
export const scenarioSchema = strict(
  {
    $schema: z.string().optional().meta({ description: 'path of this JSON Schema, for editors' }),
    title: text('a title').min(1, expect('a non-empty title')).meta({ description: 'a short name, shown in lists and legends' }),
    description: text('a description').meta({ description: 'what the scenario shows and why: prose, with the parameter choices and the paper' }),
    game: gameSchema,
    init: initSchema,
    steps: integer(1).meta({ description: 'steps to take' }),
    every: integer(0).meta({ description: 'record every k-th step (and the start) as a trajectory; 0 records none' }),
    tol: positive().optional().meta({ description: 'converged when ‖ξ(z)‖ < tol (default 1e-8)' }),
    bound: positive().optional().meta({ description: 'diverged when ‖z‖ > bound (default 1e6)' }),
    domain: z
      .tuple([finite(), finite(), finite(), finite()], expect('[xmin, xmax, ymin, ymax]'))
      .optional()
      .meta({ description: 'the plot window [xmin, xmax, ymin, ymax]; also the default box of grid and random starts' }),
    runs: z.array(runSchema, expect('a list of runs')).min(1, expect('at least one run')),
  },
  'a scenario',
)
  .superRefine((s, ctx) => {
    const d = s.domain;
    if (d && !(d[0] < d[1] && d[2] < d[3])) {
      ctx.addIssue({ code: 'custom', path: ['domain'], message: `expected xmin < xmax and ymin < ymax, got ${show(d)}` });
    }
    const init = s.init as InitSpec;
    if (!Array.isArray(init) && !('box' in init && init.box) && !d) {
      ctx.addIssue({ code: 'custom', path: ['init', 'box'], message: 'missing: grid and random starts need a box (or give the scenario a domain)' });
    }
    s.runs.forEach((run, i) => {
      const r = run as { lr?: unknown; options?: Record<string, unknown> };
      if (r.lr !== undefined && r.options?.lr !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['runs', i, 'lr'], message: 'given twice, here and in options.lr: keep one' });
      }
    });
  })
  .meta({
    title: 'Saddle scenario',
    description: 'One experiment of Saddle: a game, starting points, and the optimizers or integrators to compare on it.',
  });

/** The JSON Schema of a scenario file (what `npm run schema` writes to sims/scenario.schema.json). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}

/** The text of sims/scenario.schema.json: the JSON Schema, two-space indented, with a final newline. */
export const scenarioJsonSchemaText = (): string => `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;

// ————————————————————————————————————————— types —————————————————————————————————————————

export type OptionValue = number | number[] | boolean | string;
export interface OptimizerRun {
  label?: string;
  optimizer: string;
  lr?: number | number[];
  options?: Record<string, OptionValue>;
}
export interface IntegratorRun {
  label?: string;
  integrator: string;
  dt: number;
  options?: Record<string, OptionValue>;
}
export type Run = OptimizerRun | IntegratorRun;
export const isOptimizerRun = (run: Run): run is OptimizerRun => 'optimizer' in run;

/** A validated scenario, with the name of where it came from (a file path; empty for one built in code). */
export interface Scenario {
  /** Prefix of error messages: `sims/xy.json`. Empty: errors are reported as the registries word them. */
  source: string;
  title: string;
  description: string;
  game: { name: string; params?: Record<string, unknown> };
  init: InitSpec;
  steps: number;
  every: number;
  tol?: number;
  bound?: number;
  domain?: [number, number, number, number];
  runs: Run[];
  /**
   * Parts that came from a command line rather than the file (`saddle run FILE --game …`): errors in them are
   * reported as the registries word them (or at `--init`), not at a JSON path of the file.
   */
  fromCommandLine?: { game?: boolean; init?: boolean; runs?: readonly boolean[] };
}

// ————————————————————————————————————————— parsing —————————————————————————————————————————

/** Formats a JSON path the way a person reads it: `runs[2].options.beta`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** Default wording of zod's issues, for schemas without their own. */
function defaultMessage(iss: z.core.$ZodRawIssue): string | undefined {
  const got = (v: unknown) => (v === undefined ? '' : `, got ${show(v)}`);
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined ? `missing: expected ${iss.expected}` : `expected ${iss.expected}${got(iss.input)}`;
    case 'too_small':
      return iss.origin === 'array' || iss.origin === 'set'
        ? `expected at least ${iss.minimum} entries, got ${(iss.input as unknown[] | undefined)?.length ?? 0}`
        : `expected a value ${iss.inclusive ? '≥' : '>'} ${iss.minimum}${got(iss.input)}`;
    case 'too_big':
      return iss.origin === 'array' || iss.origin === 'set'
        ? `expected at most ${iss.maximum} entries, got ${(iss.input as unknown[] | undefined)?.length ?? 0}`
        : `expected a value ${iss.inclusive ? '≤' : '<'} ${iss.maximum}${got(iss.input)}`;
    case 'invalid_value':
      return `expected ${iss.values.map((v) => show(v)).join(' | ')}${got(iss.input)}`;
    default:
      return undefined;
  }
}
const parseParams = { error: defaultMessage } as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const known = (names: readonly string[]) => `known: ${names.join(', ')}`;

/**
 * Which branch of a union the author meant, judged by the keys present: a run with `optimizer` is an optimizer
 * run, `{grid}` a grid init. Returns that branch's schema, or the one problem that rules out every branch.
 */
function branchOf(path: readonly PropertyKey[], value: unknown): z.ZodType | { path: PropertyKey[]; message: string } | undefined {
  if (path.length === 2 && path[0] === 'runs' && typeof path[1] === 'number') {
    if (!isRecord(value)) return { path: [...path], message: `expected ${runWords}, got ${show(value)}` };
    const hasOpt = 'optimizer' in value;
    const hasInt = 'integrator' in value;
    if (hasOpt && hasInt) return { path: [...path], message: 'give optimizer or integrator, not both' };
    if (hasOpt) {
      const name = value.optimizer;
      const i = optimizerRuns.findIndex((s) => s.shape.optimizer.value === name);
      if (i < 0) return { path: [...path, 'optimizer'], message: `unknown optimizer ${show(name)} (${known(Object.keys(optimizers))})` };
      return optimizerRuns[i];
    }
    if (hasInt) {
      const name = value.integrator;
      const i = integratorRuns.findIndex((s) => s.shape.integrator.value === name);
      if (i < 0) return { path: [...path, 'integrator'], message: `unknown integrator ${show(name)} (${known(Object.keys(integrators))})` };
      return integratorRuns[i];
    }
    return { path: [...path], message: `missing: give optimizer or integrator (${runWords.slice(7)})` };
  }
  if (path.length === 1 && path[0] === 'init') {
    if (Array.isArray(value)) return pointInit;
    if (isRecord(value) && 'grid' in value && !('random' in value)) return gridInit;
    if (isRecord(value) && 'random' in value && !('grid' in value)) return randomInit;
    return { path: [...path], message: `expected ${initWords}, got ${show(value)}` };
  }
  return undefined;
}

const valueAt = (data: unknown, path: readonly PropertyKey[]) =>
  path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), data);

/** Flattens zod's issues into path + message, resolving a failed union by the branch the author meant. */
function explain(iss: z.core.$ZodIssue, data: unknown): { path: PropertyKey[]; message: string }[] {
  if (iss.code === 'invalid_union') {
    const value = valueAt(data, iss.path);
    const branch = branchOf(iss.path, value);
    if (branch instanceof z.ZodType) {
      const r = branch.safeParse(value, parseParams);
      if (!r.success) return r.error.issues.flatMap((sub) => explain({ ...sub, path: [...iss.path, ...sub.path] } as z.core.$ZodIssue, data));
    } else if (branch) {
      return [branch];
    }
  }
  return [{ path: [...iss.path], message: iss.message }];
}

/** Reads JSON text, with the line and column of a syntax error. */
function parseJson(textIn: string, source: string): unknown {
  try {
    return JSON.parse(textIn);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let where = '';
    if (pos) {
      const before = textIn.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      const col = before.length - before.lastIndexOf('\n');
      where = ` (line ${line}, column ${col})`;
    }
    throw new InputError(source || 'scenario', `not valid JSON: ${msg.replace(/\s*in JSON at position \d+.*$/, '')}${where}`);
  }
}

/**
 * Validates a scenario: JSON text or an already parsed value. `sourceName` (a file path) prefixes every error;
 * errors give the JSON path: `sims/xy.json: runs[2].lr: expected a positive number, got -1`. Names of games,
 * optimizers and integrators and the options of each are checked here; game params and per-player list lengths,
 * which depend on the game, are checked by {@link prepareScenario}.
 */
export function parseScenario(json: unknown, sourceName = ''): Scenario {
  const data = typeof json === 'string' ? parseJson(json, sourceName) : json;
  const r = scenarioSchema.safeParse(data, parseParams);
  if (!r.success) {
    const problems = r.error.issues.flatMap((iss) => explain(iss, data));
    const first = problems[0];
    const path = formatPath(first.path);
    const where = [sourceName, path].filter(Boolean).join(': ') || 'scenario';
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new InputError(where, `${first.message}${more}`);
  }
  const { $schema: _ignored, ...spec } = r.data as Record<string, unknown>;
  return { source: sourceName, ...(spec as Omit<Scenario, 'source'>) };
}

/**
 * Reads and validates a scenario file (Node only). A missing or unreadable file is an {@link InputError} naming it;
 * `sourceName` (default: the path) is how errors name the file.
 */
export async function loadScenario(path: string, sourceName = path): Promise<Scenario> {
  const fsModule = 'node:fs/promises'; // a variable, so that bundlers for the browser leave it alone
  const { readFile } = (await import(/* @vite-ignore */ fsModule)) as typeof import('node:fs/promises');
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a scenario file' : (e as Error).message;
    throw new InputError(sourceName, why);
  }
  return parseScenario(content, sourceName);
}

// ————————————————————————————————————————— running —————————————————————————————————————————

/** A run ready to go: its label, and a factory for fresh dynamics over the scenario's starts. */
export interface PreparedRun {
  readonly label: string;
  readonly kind: 'optimizer' | 'integrator';
  make(): Dynamics;
}

/** A scenario with its game made, its starts drawn and every run checked: nothing left that can be bad input. */
export interface PreparedScenario {
  readonly scenario: Scenario;
  readonly game: Game;
  readonly starts: Starts;
  readonly runs: readonly PreparedRun[];
}

/**
 * Moves a registry's error to the scenario's file: the error's own path (a param, an option) under `prefix`, or, when
 * the error has none or `prefix` is undefined, `fallback` with the registry's whole message. Parts that came from a
 * command line keep the registry's wording.
 */
function relocate(e: unknown, scenario: Scenario, prefix: readonly PropertyKey[] | undefined, fallback: readonly PropertyKey[], fromCommandLine = false): unknown {
  if (!(e instanceof InputError) || !scenario.source || fromCommandLine) return e;
  if (!prefix || !e.path) return new InputError(`${scenario.source}: ${formatPath(fallback)}`, e.message, fallback);
  const path = [...prefix, ...e.path];
  return new InputError(`${scenario.source}: ${formatPath(path)}${e.at ? `, ${e.at}` : ''}`, e.what, path, e.at);
}

/**
 * Makes the game, draws the starts and checks every run (options against the game's number of players), so that
 * all bad input is reported before any run starts. For the expr game and a single start, checks that the field
 * is finite there.
 */
export async function prepareScenario(scenario: Scenario): Promise<PreparedScenario> {
  const src = scenario.source;
  const cli = scenario.fromCommandLine ?? {};
  let game: Game;
  try {
    game = await createGame(scenario.game.name, scenario.game.params ?? {});
  } catch (e) {
    throw relocate(e, scenario, ['game', 'params'], ['game'], cli.game);
  }
  const initWhere = cli.init ? '--init' : src ? `${src}: init` : 'init';
  const starts = makeStarts(game, scenario.init, initWhere, scenario.domain);
  if (game.name === 'expr' && starts.kind === 'point') {
    const { checkFinite } = await import('./games/expr.ts');
    try {
      checkFinite(game, scenario.init as number[]);
    } catch (e) {
      // The start makes the expression non-finite: say where the start is, and (in the message) which expression.
      throw relocate(e, scenario, undefined, ['init'], cli.init && cli.game);
    }
  }
  const players = game.players.length;
  const runs = scenario.runs.map((run, i): PreparedRun => {
    const raw = cli.runs?.[i] ?? false;
    if (isOptimizerRun(run)) {
      const options: Record<string, unknown> = { ...run.options };
      if (run.lr !== undefined) options.lr = run.lr;
      try {
        const optimizer = createOptimizer(run.optimizer, options, players);
        return {
          label: run.label ?? optimizer.label,
          kind: 'optimizer',
          make: () => optimizerDynamics(game, optimizer, starts.z, starts.n),
        };
      } catch (e) {
        // lr may sit in the run itself or in its options.
        const lrInRun = e instanceof InputError && e.path?.[0] === 'lr' && run.lr !== undefined;
        throw relocate(e, scenario, lrInRun ? ['runs', i] : ['runs', i, 'options'], ['runs', i], raw);
      }
    }
    const make = () => integrate(run.integrator, run.options ?? {}, game, starts.n, run.dt);
    try {
      const probe = integrate(run.integrator, run.options ?? {}, game, 1, run.dt);
      return { label: run.label ?? probe.label, kind: 'integrator', make };
    } catch (e) {
      throw relocate(e, scenario, ['runs', i, 'options'], ['runs', i], raw);
    }
  });
  return { scenario, game, starts, runs };
}

/** One run's outcome: the whole batch, and for a single start its trajectory in plain numbers. */
export interface RunResult {
  readonly label: string;
  readonly kind: 'optimizer' | 'integrator';
  readonly result: BatchResult;
  /** For a scenario with one start: point 0 as a {@link Trajectory} (with its recorded path when `every` > 0). */
  readonly trajectory?: Trajectory;
}

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly game: Game;
  readonly starts: Starts;
  readonly runs: RunResult[];
}

export interface RunScenarioOptions {
  /** Steps done over all runs so far, of `total` = steps × runs, and the index of the run in progress. */
  onProgress?(done: number, total: number, run: number): void;
  /** Called when a run starts. */
  onRunStart?(run: number, label: string): void;
}

/** Runs every run of a scenario (parsed, or prepared by {@link prepareScenario}) from the same starts. */
export async function runScenario(scenario: Scenario | PreparedScenario, options: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const prepared = 'starts' in scenario ? scenario : await prepareScenario(scenario);
  const { scenario: spec, game, starts } = prepared;
  const { onProgress, onRunStart } = options;
  const total = spec.steps * prepared.runs.length;
  const runs = prepared.runs.map((run, i): RunResult => {
    onRunStart?.(i, run.label);
    const result = simulate(game, run.make(), starts.z, starts.n, {
      steps: spec.steps,
      every: spec.every,
      tol: spec.tol,
      bound: spec.bound,
      onProgress: onProgress ? (done) => onProgress(i * spec.steps + done, total, i) : undefined,
    });
    onProgress?.((i + 1) * spec.steps, total, i);
    return { label: run.label, kind: run.kind, result, trajectory: starts.n === 1 ? trajectoryOf(game, result, 0) : undefined };
  });
  return { scenario: spec, game, starts, runs };
}

/** The statuses of a batch at a glance: counts, and the median norm of the final points. */
export interface BatchSummary {
  points: number;
  converged: number;
  diverged: number;
  running: number;
  medianNorm: number;
}

/** Counts a batch's statuses and takes the median of ‖final point‖. */
export function summarizeBatch(result: BatchResult): BatchSummary {
  const { n, final, status } = result;
  const norms = new Float64Array(n);
  for (let i = 0; i < final.length; i++) {
    const block = final[i];
    for (let k = 0; k < block.length; k++) norms[k % n] += block[k] * block[k];
  }
  for (let b = 0; b < n; b++) norms[b] = Math.sqrt(norms[b]);
  norms.sort();
  const medianNorm = n % 2 ? norms[(n - 1) / 2] : (norms[n / 2 - 1] + norms[n / 2]) / 2;
  const counts = [0, 0, 0];
  for (let b = 0; b < n; b++) counts[status[b]]++;
  return { points: n, converged: counts[1], diverged: counts[2], running: counts[0], medianNorm };
}
