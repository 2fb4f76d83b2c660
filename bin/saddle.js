#!/usr/bin/env node
// The `saddle` executable: registers tsx so that Node runs the TypeScript sources, then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
