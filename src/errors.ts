/**
 * Errors a person can act on: what was wrong and where. The CLI prints `message` on one line and exits with code 2;
 * the components show it inside the element. Anything else that escapes is a bug.
 */
export class InputError extends Error {
  /** Where the bad value came from: `game matrix, param b`, `--lr`, `sims/xy.json: runs[2].lr`. */
  readonly where: string;
  /** What was wrong with it: `expected a positive number, got -1`. */
  readonly what: string;
  /**
   * The bad value's place inside the spec that was read, as JSON path segments relative to it: `['b']` for a
   * game's param b, `['beta']` for an optimizer's option β, `['losses', 1]` for an expression. A caller that read
   * the spec from a file (a scenario) prefixes its own path; absent when the spec as a whole is at fault.
   */
  readonly path?: readonly PropertyKey[];
  /** A place finer than `path`, inside the value there: `char 4` of an expression. */
  readonly at?: string;
  constructor(where: string, what: string, path?: readonly PropertyKey[], at?: string) {
    super(`${where}: ${what}`);
    this.name = 'InputError';
    this.where = where;
    this.what = what;
    this.path = path;
    this.at = at;
  }
}

/** Describes a value for an error message, briefly. */
export function show(value: unknown): string {
  const s = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
