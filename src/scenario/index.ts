/**
 * Scenarios: one experiment per JSON file in sims/ (a game, starting points, a number of steps, and the runs to
 * compare: optimizers or integrators of the flow). The CLI and the components load the same files.
 * - schema.ts: the zod schema built from the registries, and the JSON Schema emitted from it;
 * - parse.ts: validation with errors that name the file and the JSON path;
 * - run.ts: making the game and the starts, checking every run, and running them.
 */
export * from './schema.ts';
export * from './parse.ts';
export * from './run.ts';
