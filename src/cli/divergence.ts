import type { Command } from 'commander';
import { InputError, show } from '../errors.ts';
import { DIVERGENCE_NAMES, divergenceReport, type DivergenceName, type Divergences, type Method } from '../divergence/divergences.ts';
import { formatDistribution } from '../divergence/distribution.ts';
import { parallelLines } from '../divergence/parallel-lines.ts';
import { parseDistribution } from '../divergence/parse.ts';
import { parseNumber } from './args.ts';
import { fmt, table } from './format.ts';
import type { Io } from './io.ts';
import { toJson } from './json.ts';

/** The flags of `saddle divergence`, as commander hands them over. */
export interface DivergenceFlags {
  p?: string;
  q?: string;
  example?: string;
  theta?: string;
  json?: boolean;
}

const EXAMPLES_KNOWN = ['parallel-lines'] as const;

const EXAMPLES = `
Distributions:
  normal(MEAN, STD)   uniform(A, B)   point(C)   mix(W1*DIST, W2*DIST, ...)   (weights > 0, summing to 1)

Examples:
  $ saddle divergence --p "normal(0,1)" --q "normal(1,2)"
  $ saddle divergence --p "point(0)" --q "normal(0,1)" --json
  $ saddle divergence --p "mix(0.3*normal(0,1), 0.7*point(2))" --q "uniform(-1,3)"
  $ saddle divergence --example parallel-lines --theta 0.5

--json prints {"kl", "reverseKl", "js", "tv", "w1", "w2"}: KL(P‖Q), KL(Q‖P), Jensen–Shannon (natural log, at most
log 2), total variation, and the Wasserstein distances W1, W2. An infinite value is the string "Infinity".
The parallel lines (Arjovsky et al. 2017, Example 1): P is the law of (0, Z), Q of (θ, Z), Z ~ U[0, 1];
W1 = W2 = |θ| while JS = log 2, TV = 1 and KL = Infinity for every θ ≠ 0 (all 0 at θ = 0).
Exit codes: 0 done, 2 bad input (one line on stderr), 1 a bug.`;

const LABELS: Record<DivergenceName, [string, string]> = {
  kl: ['KL(P‖Q)', 'KL(P₀‖P_θ)'],
  reverseKl: ['KL(Q‖P)', 'KL(P_θ‖P₀)'],
  js: ['JS(P, Q)', 'JS(P₀, P_θ)'],
  tv: ['TV(P, Q)', 'TV(P₀, P_θ)'],
  w1: ['W1(P, Q)', 'W1(P₀, P_θ)'],
  w2: ['W2(P, Q)', 'W2(P₀, P_θ)'],
};

/** Declares `saddle divergence` on `program`. */
export function divergenceCommand(program: Command, io: Io, setCode: (code: number) => void = () => {}): void {
  program
    .command('divergence')
    .summary('KL, reverse KL, JS, TV, W1 and W2 between two 1-D distributions, or for the WGAN parallel lines')
    .description(
      'Compute the six divergences between two distributions on the line (closed forms where they exist, exact atoms, ' +
        'adaptive quadrature otherwise), or for the parallel-lines example of the WGAN paper.',
    )
    .option('--p <dist>', 'the first distribution P, e.g. "normal(0,1)"')
    .option('--q <dist>', 'the second distribution Q, e.g. "mix(0.5*point(0), 0.5*uniform(1,2))"')
    .option('--example <name>', `a named example instead of --p/--q: ${EXAMPLES_KNOWN.join(', ')}`)
    .option('--theta <t>', 'the example’s parameter θ (default 1)')
    .option('--json', 'print JSON instead of a table')
    .addHelpText('after', EXAMPLES)
    .action((flags: DivergenceFlags) => setCode(runDivergence(flags, io)));
}

/** Runs `saddle divergence`; returns the exit code. Bad input throws an InputError (reported by main). */
export function runDivergence(flags: DivergenceFlags, io: Io): number {
  if (flags.example !== undefined) {
    if (flags.p !== undefined || flags.q !== undefined) throw new InputError('--example', 'give --example or --p and --q, not both');
    if (!(EXAMPLES_KNOWN as readonly string[]).includes(flags.example)) {
      throw new InputError('--example', `unknown example ${show(flags.example)} (known: ${EXAMPLES_KNOWN.join(', ')})`);
    }
    const theta = flags.theta === undefined ? 1 : parseNumber('--theta', flags.theta);
    const point = parallelLines(theta);
    if (flags.json) io.stdout.write(`${toJson(ordered(point.values))}\n`);
    else io.stdout.write(parallelLinesText(theta, point.values, point.gradients));
    return 0;
  }
  if (flags.theta !== undefined) throw new InputError('--theta', 'applies to --example parallel-lines');
  if (flags.p === undefined && flags.q === undefined) {
    throw new InputError('divergence', 'give --p DIST and --q DIST (e.g. --p "normal(0,1)" --q "point(0)"), or --example parallel-lines --theta t');
  }
  if (flags.p === undefined) throw new InputError('--p', 'required with --q: a distribution such as normal(0,1)');
  if (flags.q === undefined) throw new InputError('--q', 'required with --p: a distribution such as normal(0,1)');
  const p = parseDistribution(flags.p, '--p');
  const q = parseDistribution(flags.q, '--q');
  const report = divergenceReport(p, q);
  if (flags.json) {
    io.stdout.write(`${toJson(ordered(report.values))}\n`);
    return 0;
  }
  const rows = DIVERGENCE_NAMES.map((name) => [LABELS[name][0], fmt(report.values[name]), describeMethod(name, report.methods[name], report.errors[name])]);
  io.stdout.write(`${table([['P', formatDistribution(p)], ['Q', formatDistribution(q)]])}\n\n${table(rows)}\n`);
  return 0;
}

/** The six in their fixed order. */
const ordered = (v: Divergences): Divergences => Object.fromEntries(DIVERGENCE_NAMES.map((k) => [k, v[k]])) as Divergences;

function describeMethod(name: DivergenceName, method: Method, error: number): string {
  if (method === 'quadrature') return `quadrature (error ≈ ${error > 0 ? fmt(Number(error.toPrecision(1))) : '0'})`;
  if (method === 'supports') return name === 'kl' ? 'exact: P has mass where Q has none' : 'exact: Q has mass where P has none';
  if (method === 'atoms') return 'exact sum over atoms';
  return method;
}

function parallelLinesText(theta: number, values: Divergences, gradients: Divergences): string {
  const head = `P₀ = law of (0, Z), P_θ = law of (θ, Z), Z ~ U[0, 1]; θ = ${fmt(theta)} (Arjovsky et al. 2017, Example 1)`;
  const rows = DIVERGENCE_NAMES.map((name) => [LABELS[name][1], fmt(values[name]), `d/dθ = ${fmt(gradients[name])}`]);
  return `${head}\n\n${table(rows)}\n`;
}
