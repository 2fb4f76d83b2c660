/**
 * Debian's Chromium, as every browser check of the project launches it: the vitest `browser` project
 * (vitest.config.ts), the course-page test, `npm run bench` (bench/browser.ts) and scripts/screenshot.ts.
 * Nothing is downloaded: playwright-core drives /usr/bin/chromium (`apt-get install -y chromium`), or the binary
 * that the CHROMIUM environment variable names.
 */
import { existsSync } from 'node:fs';

/** The browser binary. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * Chromium's flags. With no GPU, WebGL 2 runs on SwiftShader, a software GPU: measured here (headless Chromium 156),
 * the renderer is "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)" and tfjs's
 * `setBackend('webgl')` succeeds. `--enable-unsafe-swiftshader` is what Chromium asks for to allow that software
 * fallback since version 137 (playwright-core adds it too; headless 156 here gave WebGL 2 even without it). Not
 * `--use-angle=swiftshader`: it also moves the page's compositing and canvas drawing onto SwiftShader, which took a
 * 2-D canvas animation (2,000 particles) from ~58 to ~1 frame per second here, and WebGL works as well without it.
 * (`--use-angle=vulkan --use-vulkan=swiftshader` breaks WebGL.) `--no-sandbox` because CI runs as root; the rest keep
 * a headless run from phoning home.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--enable-unsafe-swiftshader',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What to do when the binary is missing, as one line a person can act on. */
export const CHROMIUM_MISSING = `Chromium is not installed at ${CHROMIUM}. Install it with \`sudo apt-get install -y chromium\` (Debian/Ubuntu), or point CHROMIUM=/path/to/chromium at another Chromium or Chrome binary.`;

/** Throws {@link CHROMIUM_MISSING} when the binary is not there. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(CHROMIUM_MISSING);
}

/** playwright-core's `chromium.launch` options for this machine. */
export const launchOptions = () => ({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
