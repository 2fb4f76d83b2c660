import type { Command } from 'commander';
import { InputError, show } from '../errors.ts';
import { integrators } from '../flow/index.ts';
import { games } from '../games/index.ts';
import { commonOptions, optimizers } from '../optim/index.ts';
import { describeOptions, type OptionSpecs } from '../options.ts';
import type { Io } from './io.ts';
import { toJson } from './json.ts';
import { listScenarios } from './sims.ts';

const SECTIONS = ['games', 'optimizers', 'integrators', 'scenarios'] as const;
type Section = (typeof SECTIONS)[number];

const EXAMPLES = `
Examples:
  $ saddle list                   everything
  $ saddle list optimizers        one section: games, optimizers, integrators or scenarios
  $ saddle list games --json`;

export function listCommand(program: Command, io: Io): void {
  program
    .command('list')
    .summary('list games, optimizers, integrators and scenarios')
    .description('List what saddle knows: games with their params, optimizers with their options and references, integrators, and the scenarios in sims/.')
    .argument('[section]', `one of ${SECTIONS.join(', ')} (default: all)`)
    .option('--json', 'print JSON')
    .addHelpText('after', EXAMPLES)
    .action((section: string | undefined, flags: { json?: boolean }) => {
      if (section !== undefined && !(SECTIONS as readonly string[]).includes(section)) {
        throw new InputError('list', `unknown section ${show(section)} (known: ${SECTIONS.join(', ')})`);
      }
      const chosen = section === undefined ? SECTIONS : [section as Section];
      io.stdout.write(flags.json ? `${toJson(Object.fromEntries(chosen.map((s) => [s, data[s]()])), 2)}\n` : chosen.map((s) => text[s]()).join('\n'));
    });
}

const optionData = (specs: OptionSpecs) =>
  Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, { ...s, choices: 'choices' in s ? [...s.choices] : undefined }]));

const data: Record<Section, () => unknown> = {
  games: () => Object.fromEntries(Object.entries(games).map(([name, g]) => [name, { summary: g.summary, params: g.params }])),
  optimizers: () => ({
    common: optionData(commonOptions),
    ...Object.fromEntries(
      Object.entries(optimizers).map(([name, o]) => [name, { summary: o.summary, reference: o.reference, options: optionData(o.options) }]),
    ),
  }),
  integrators: () =>
    Object.fromEntries(
      Object.entries(integrators).map(([name, i]) => [
        name,
        { summary: i.summary, reference: i.reference, order: i.order, adaptive: i.adaptive, options: optionData(i.options) },
      ]),
    ),
  scenarios: () => listScenarios().map(({ name, title, error }) => ({ name, file: `sims/${name}.json`, title, error })),
};

/** An entry: name and summary on one line, then indented detail lines. */
const entry = (name: string, summary: string, details: string[], width: number) =>
  [`  ${name.padEnd(width)}  ${summary}`, ...details.map((d) => `  ${' '.repeat(width)}    ${d}`)].join('\n');
const widthOf = (names: string[]) => Math.max(...names.map((n) => n.length));

const text: Record<Section, () => string> = {
  games() {
    const w = widthOf(Object.keys(games));
    const lines = Object.entries(games).map(([name, g]) =>
      entry(name, g.summary, Object.entries(g.params).map(([k, v]) => `${k}: ${v}`), w),
    );
    return `Games (saddle run --game NAME --param KEY=VALUE; x minimizes, y maximizes)\n${lines.join('\n')}\n`;
  },
  optimizers() {
    const w = widthOf(Object.keys(optimizers));
    const lines = Object.entries(optimizers).map(([name, o]) =>
      entry(name, o.summary, [`reference: ${o.reference}`, ...describeOptions(o.options).map((d) => `--opt ${d}`)], w),
    );
    const common = describeOptions(commonOptions).map((d) => `  ${d}`);
    return `Optimizers (saddle run --optimizer NAME --lr η --opt KEY=VALUE)\n${lines.join('\n')}\n  Options of every optimizer:\n${common.map((c) => `  ${c}`).join('\n')}\n`;
  },
  integrators() {
    const w = widthOf(Object.keys(integrators));
    const lines = Object.entries(integrators).map(([name, i]) =>
      entry(name, i.summary, [`order ${i.order}${i.adaptive ? ', adaptive step' : ''}; reference: ${i.reference}`, ...describeOptions(i.options).map((d) => `--opt ${d}`)], w),
    );
    return `Integrators of the flow ż = −ξ(z) (saddle run --integrator NAME --dt h)\n${lines.join('\n')}\n`;
  },
  scenarios() {
    const list = listScenarios();
    if (!list.length) return 'Scenarios: none found\n';
    const w = widthOf(list.map((s) => s.name));
    const lines = list.map((s) => entry(s.name, s.title ?? `(invalid: ${s.error})`, [], w));
    return `Scenarios in sims/ (saddle run NAME)\n${lines.join('\n')}\n`;
  },
};
