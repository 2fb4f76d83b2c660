/**
 * The `saddle` command line. `main(argv, io)` parses the arguments, runs one command and returns the exit code:
 * 0 done, 2 bad input (one line on stderr: what was wrong and where), 1 a bug (with its stack). It never calls
 * process.exit and writes only to `io`, so tests run it in-process. bin/saddle.js is the executable shim.
 *
 * Commands: `run`, `list`, `analyze`, `divergence`, `nash`, `learn`, `gan`. Each lives in its own file and registers
 * itself on the program.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { InputError } from '../errors.ts';
import { analyzeCommand } from './analyze.ts';
import { divergenceCommand } from './divergence.ts';
import { ganCommand } from './gan.ts';
import { processIo, type Io } from './io.ts';
import { learnCommand } from './learn.ts';
import { listCommand } from './list.ts';
import { nashCommand } from './nash.ts';
import { runCommand } from './run.ts';
import { packageRoot } from './sims.ts';

export type { Io } from './io.ts';
export { processIo } from './io.ts';

const version = (): string => {
  try {
    return (JSON.parse(readFileSync(`${packageRoot}package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
};

const EXAMPLES = `
Examples:
  $ saddle list
  $ saddle run --game bilinear --optimizer simgda --lr 0.1 --init 1,1 --steps 100
  $ saddle run sims/xy.json
  $ saddle analyze --optimizer eg --lr 0.5
  $ saddle divergence --example parallel-lines --theta 0.5
  $ saddle nash --A '[[1,-1],[-1,1]]'
  $ saddle learn --A '[[1,-1],[-1,1]]' --dynamics mwu --lr 0.1 --x0 0.8,0.2 --y0 0.6,0.4
  $ saddle gan --dataset ring8 --loss nsgan --optimizer adam --steps 2000
  $ saddle <command> --help`;

/** Commander's exits that are not errors. */
const NOT_ERRORS = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/** The program with its commands, writing to `io`; `setCode` receives a command's exit code. */
export function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command('saddle')
    .description('See and test how learning behaves in games: gradient play on min-max games, from f(x, y) = x·y to a GAN.')
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Errors are reported by main, on one line.
      outputError: () => {},
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => io.stderr.columns ?? 100,
    })
    .showSuggestionAfterError(true)
    .addHelpText('after', EXAMPLES);
  runCommand(program, io, setCode);
  listCommand(program, io);
  analyzeCommand(program, io, setCode);
  nashCommand(program, io, setCode);
  learnCommand(program, io, setCode);
  divergenceCommand(program, io, setCode);
  ganCommand(program, io, setCode);
  return program;
}

/** One line: the message with its lines joined. */
const oneLine = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');

/** Runs the command line `argv` (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  if (argv.length === 0) {
    io.stdout.write(program.helpInformation());
    return 0;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (NOT_ERRORS.has(e.code)) return 0;
      const command = program.commands.find((c) => c.name() === argv[0]);
      const where = command ? `saddle ${command.name()}` : 'saddle';
      io.stderr.write(`${where}: ${oneLine(e.message.replace(/^error: /, ''))}\n`);
      return 2;
    }
    if (e instanceof InputError) {
      io.stderr.write(`saddle: ${oneLine(e.message)}\n`);
      return 2;
    }
    io.stderr.write(`saddle: internal error (a bug; please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

// `tsx src/cli/main.ts …` runs it directly, like bin/saddle.js.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
