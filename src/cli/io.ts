/**
 * Where the CLI writes, injected so that tests run commands in-process: `main(argv, io)` never touches
 * process.stdout, process.stderr or process.exit itself.
 */
export interface Output {
  write(chunk: string): unknown;
  /** A terminal: the progress bar is drawn only then. */
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: Output;
  stderr: Output;
  /** Directory that relative paths (scenario files, --out) are resolved against; default process.cwd(). */
  cwd?: string;
  /** Work (points × steps × runs) above which a progress bar is shown on a TTY stderr; default 1e7. */
  progressThreshold?: number;
}

let pipeGuarded = false;

/**
 * The real process streams. A reader that stops early (`saddle list | head`) closes the pipe: that ends the
 * program quietly, as for any Unix filter, instead of an unhandled EPIPE.
 */
export function processIo(): Io {
  if (!pipeGuarded) {
    pipeGuarded = true;
    for (const stream of [process.stdout, process.stderr]) {
      stream.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(0);
        throw e;
      });
    }
  }
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}
