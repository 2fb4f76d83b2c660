/**
 * The scenario schema: a zod schema built from the registries, so that each optimizer's and integrator's options are
 * checked by name and range, and the JSON Schema emitted from it (sims/scenario.schema.json) lets an editor do the
 * same. Error messages say what was expected and what came: `expected a positive number, got -1`.
 */
import { z } from 'zod';
import { show } from '../errors.ts';
import { integrators } from '../flow/index.ts';
import { games } from '../games/index.ts';
import { commonOptions, optimizers } from '../optim/index.ts';
import type { OptionSpec, OptionSpecs, Range } from '../options.ts';
import { MAX_SEED, MAX_STARTS, type InitSpec } from '../starts.ts';

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

export const optimizerRuns = Object.entries(optimizers).map(([name, entry]) =>
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
export const integratorRuns = Object.entries(integrators).map(([name, entry]) =>
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
export const runWords = 'a run: {optimizer, lr?, options?, label?} or {integrator, dt, options?, label?}';
const runSchema = z.union([optimizerRun, integratorRun], expect(runWords)).meta({
  description: 'one trajectory (or batch) to compute: an optimizer with its options, or an integrator of the gradient flow ż = −ξ(z)',
});

const box = z
  .array(finite(), expect('a box: a list of numbers'))
  .min(2, expect('a box [lo, hi] or [xmin, xmax, ymin, ymax]'))
  .meta({ description: 'the box to fill: [lo, hi] for every coordinate, or a [lo, hi] pair per coordinate ([xmin, xmax, ymin, ymax] in 2-D); default: domain' });
export const pointInit = z
  .array(finite(), expect('a point: a list of numbers'))
  .min(1, expect('a point with at least one coordinate'))
  .meta({ description: 'one start: every coordinate of every player, in order (x then y)' });
export const gridInit = strict({ grid: z.tuple([integer(1), integer(1)], expect('[nx, ny]')), box: box.optional() }, 'a grid init {grid: [nx, ny], box?}').meta({
  description: 'an nx × ny grid of starts over the box, endpoints included (games with 2 coordinates)',
});
export const randomInit = strict(
  { random: integer(1, MAX_STARTS), seed: integer(0, MAX_SEED).meta({ description: 'seed of d3-random’s randomLcg: the same seed gives the same points' }), box: box.optional() },
  'a random init {random: n, seed, box?}',
).meta({ description: 'n starts uniform in the box, reproducible from the seed' });
export const initWords = 'a point [x, y, …], {grid: [nx, ny], box?} or {random: n, seed, box?}';
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
