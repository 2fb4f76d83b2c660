#!/usr/bin/env node
// Runs before `npm start`, `npm test` and `npm run bench`: on a fresh clone it installs what is missing, so that
// either command works first. Plain Node (no dependencies), since it runs before any are installed.
import { execSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Saddle needs Node.js 20.19 or newer (this is ${process.versions.node}). Install it from https://nodejs.org or your package manager, then run the command again.`);
  process.exit(1);
}

const lock = join(root, 'package-lock.json');
const marker = join(root, 'node_modules', '.package-lock.json');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const wanted = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
const missing = wanted.filter((name) => !existsSync(join(root, 'node_modules', name, 'package.json')));
const stale = existsSync(marker) && existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000;

if (missing.length || stale) {
  const why = missing.length ? `${missing.length} package(s) missing (${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ', …' : ''})` : 'package-lock.json changed';
  const cmd = existsSync(lock) ? 'npm ci' : 'npm install';
  console.error(`Saddle: ${why}; running \`${cmd}\` once…`);
  try {
    execSync(cmd, { cwd: root, stdio: 'inherit' });
  } catch {
    console.error(`\`${cmd}\` failed. It needs the npm registry; fix the error above, then run \`${cmd}\` in ${root} by hand.`);
    process.exit(1);
  }
}

// `--browser` (npm test, npm run bench): the browser tests and benchmarks drive Debian's Chromium through
// playwright-core, which downloads no browser. Say exactly what to install when it is not there.
if (process.argv.includes('--browser')) {
  const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
  let runnable = false;
  try {
    accessSync(chromium, constants.X_OK);
    runnable = true;
  } catch {}
  if (!runnable) {
    console.error(
      `Saddle: Chromium is not installed at ${chromium}; the browser tests and benchmarks need it.\n` +
        `  Install it with:  sudo apt-get install -y chromium   (Debian/Ubuntu; as root, without sudo)\n` +
        `  or point CHROMIUM=/path/to/chromium at another Chromium or Chrome binary.`,
    );
    process.exit(1);
  }
}
