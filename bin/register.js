/**
 * How Node runs Saddle's TypeScript: `node --import ./bin/register.js FILE.ts` (the `saddle` command, the scripts
 * and the benchmarks of package.json). It registers tsx, which compiles the sources, and bin/tfjs-resolve.js, which
 * lets Node load the tfjs ES modules that gan/backend.ts imports.
 */
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('./tfjs-resolve.js', import.meta.url);
