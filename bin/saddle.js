#!/usr/bin/env node
// The `saddle` executable: registers tsx and tfjs's module resolution (register.js), then hands over to the CLI.
import './register.js';

const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
