import { Presets, SingleBar } from 'cli-progress';
import type { Io } from './io.ts';

/** A progress bar on stderr for long runs; absent (a no-op) when stderr is not a terminal or the run is short. */
export interface Progress {
  update(done: number, label: string): void;
  stop(): void;
}

const none: Progress = { update() {}, stop() {} };

/**
 * `work` is points × steps × runs: the bar appears when it exceeds `io.progressThreshold` (default 1e7) and stderr
 * is a TTY. `total` is the number of steps over all runs.
 */
export function progressBar(io: Io, work: number, total: number): Progress {
  if (!io.stderr.isTTY || work <= (io.progressThreshold ?? 1e7)) return none;
  const bar = new SingleBar(
    {
      stream: io.stderr as unknown as NodeJS.WritableStream,
      format: '{bar} {percentage}% | step {value}/{total} | {label} | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
      etaBuffer: 100,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  return {
    update: (done, label) => bar.update(done, { label }),
    stop: () => bar.stop(),
  };
}
