/** `npm run bench`: every benchmark of the project, each as a ratio against a baseline measured in the same run. */
import { benchCore, type Row } from './core.ts';
import { benchBrowser } from './browser.ts';
import { benchGan } from './gan.ts';

const rows: Row[] = [];
console.log('Saddle benchmarks (median of interleaved repeats; ratios are against the baseline above them)\n');
for (const [title, bench] of [
  ['dynamics core', benchCore],
  ['GAN trainer (wasm, Node)', benchGan],
  ['elements in Chromium (embed bundle; WebGL through SwiftShader)', benchBrowser],
] as const) {
  console.log(`## ${title}`);
  for (const row of await bench()) {
    rows.push(row);
    const ratio = row.ratio === undefined ? '' : `  ratio ${row.ratio.toFixed(2)}${row.goal ? ` (goal ≥ ${row.goal}: ${row.ratio >= row.goal ? 'met' : 'MISSED'})` : ''}`;
    console.log(`  ${row.name.padEnd(66)} ${row.value.padStart(28)}${ratio}`);
  }
}
