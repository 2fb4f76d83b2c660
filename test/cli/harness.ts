import { main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/io.ts';

/** What one in-process command printed, and its exit code. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `saddle …argv` in-process with captured output (stderr is not a terminal unless `tty`). */
export async function saddle(argv: readonly string[], options: { cwd?: string; tty?: boolean; progressThreshold?: number } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: options.tty ?? false, columns: 100 },
    cwd: options.cwd ?? process.cwd(),
    progressThreshold: options.progressThreshold,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Runs a command that must succeed with --json output, and parses it. */
export async function saddleJson<T = Record<string, unknown>>(argv: readonly string[], options?: { cwd?: string }): Promise<T> {
  const r = await saddle(argv, options);
  if (r.code !== 0) throw new Error(`saddle ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
