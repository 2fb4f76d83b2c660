/**
 * Errors a person can act on: what was wrong and where. The CLI prints `message` on one line and exits with code 2;
 * the components show it inside the element. Anything else that escapes is a bug.
 */
export class InputError extends Error {
  /** Where the bad value came from: `param a`, `--lr`, `sims/xy.json: optimizers[2].lr`. */
  readonly where: string;
  constructor(where: string, what: string) {
    super(`${where}: ${what}`);
    this.name = 'InputError';
    this.where = where;
  }
}

/** Describes a value for an error message, briefly. */
export function show(value: unknown): string {
  const s = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
