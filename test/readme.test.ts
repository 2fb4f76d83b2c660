/**
 * The README's examples are part of the product: every `$ npx saddle …` line must print what the README shows after
 * it, and the API example must print what its closing comments say. This test runs them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { saddle } from './cli/harness.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = (lang: string) => [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);

/** Splits a shell command line into words, honouring single and double quotes. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** `$ npx saddle …` lines with the output lines that follow them, from every sh block. */
const transcripts = blocks('sh').flatMap((block) => {
  const out: { command: string; expected: string }[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('$ ')) out.push({ command: line.slice(2), expected: '' });
    else if (out.length && line !== '') out[out.length - 1].expected += `${line}\n`;
  }
  return out;
});

describe('the README', () => {
  it('shows at least three command-line transcripts and one API example', () => {
    expect(transcripts.length).toBeGreaterThanOrEqual(3);
    expect(blocks('ts').length).toBeGreaterThanOrEqual(1);
    expect(readme).toMatch(/npm start/);
    expect(readme).toMatch(/npm test/);
  });

  it.each(transcripts)('`$command` prints what the README shows', async ({ command, expected }) => {
    const [npx, bin, ...argv] = words(command);
    expect([npx, bin]).toEqual(['npx', 'saddle']);
    const r = await saddle(argv, { cwd: root });
    expect(r.stdout + r.stderr).toBe(expected);
    expect(r.code).toBe(expected.startsWith('saddle:') ? 2 : 0);
  });

  it('API example prints what its closing comments say', async () => {
    const source = blocks('ts')[0];
    const expected = source
      .split('\n')
      .filter((l) => l.startsWith('// '))
      .map((l) => l.slice(3));
    const dir = mkdtempSync(join(root, 'test', '.readme-'));
    try {
      const file = join(dir, 'example.ts');
      writeFileSync(file, source.replaceAll("from './src/", "from '../../src/"));
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      await import(file);
      const printed = log.mock.calls.map((c) => c.join(' '));
      log.mockRestore();
      expect(printed).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
