/**
 * Global setup of the vitest `bundle` project (vitest.config.ts): builds the embed bundle once per run into a
 * temporary folder and hands its description to the tests through `inject('bundle')` (test/build.test.ts,
 * test/browser/course-page.test.ts, test/browser/course-page-gan.test.ts). Vitest calls it only when one of those files runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildBundle, type Bundle } from './bundle.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    bundle: Bundle;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const outDir = mkdtempSync(join(tmpdir(), 'saddle-bundle-'));
  project.provide('bundle', await buildBundle(outDir));
  return () => rmSync(outDir, { recursive: true, force: true });
}
