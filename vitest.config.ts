import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM, CHROMIUM_ARGS } from './test/browser/chromium.ts';

/**
 * Three projects, run together by `npm test` (or one with `npx vitest run --project browser`):
 * - `node`: everything in test/ except what the other two own, in Node.
 * - `bundle`: the embed bundle, built once per run by test/browser/setup-bundle.ts (test/build.test.ts checks its sizes,
 *   test/browser/course-page.test.ts opens examples/course-page.html on it in Chromium). A separate project so that
 *   the build happens only when one of these files runs.
 * - `browser`: test/browser/**\/*.browser.test.ts, run inside Chromium through @vitest/browser-playwright; every
 *   test there fails if it logged a console error (test/browser/setup.ts). Chromium and its flags (WebGL 2 through
 *   SwiftShader) are in test/browser/chromium.ts.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          setupFiles: ['test/fast-check-setup.ts'],
          include: ['test/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'test/browser/**', 'test/build.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'bundle',
          environment: 'node',
          include: ['test/build.test.ts', 'test/browser/course-page*.test.ts'],
          globalSetup: ['test/browser/setup-bundle.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.browser.test.ts'],
          setupFiles: ['test/browser/setup.ts'],
          // One test file at a time: WebGL on SwiftShader is CPU-bound, and the machine has 2 cores.
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
            viewport: { width: 900, height: 700 },
            screenshotFailures: false,
          },
        },
      },
    ],
  },
});
