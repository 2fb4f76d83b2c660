/**
 * Restored tensors put where computed ones live, so that a loaded run draws on webgl what the saved one drew.
 *
 * A checkpoint restores every float exactly (checkpoint.ts), yet on the webgl backend a generator whose batch-norm
 * running statistics were just uploaded from the CPU drew samples that differed from the saved run's in the last
 * bits (≈ 7·10⁻⁸ on pixels in [−1, 1], measured on SwiftShader with a DCGAN of base width 4), while the same values
 * computed on the device drew them bit for bit. tfjs keeps an uploaded tensor in a texture of another layout than
 * the output of an elementwise program, and the programs that read the two round differently. Passing each restored
 * tensor once through the elementwise program the optimizers use (x ← x + 1·0, `tensorSpace.axpy(x, 1, zeros)`,
 * which is x exactly in IEEE arithmetic) gives it the layout of a computed tensor: the loaded run's samples are then equal
 * to the saved run's as floats, and so are its next steps. On cpu and wasm it changes nothing (and costs one add
 * per tensor).
 */
import type { GanTrainer } from './train.ts';
import { tensorSpace, type TensorBlock } from './tensor-space.ts';

/** Every block a checkpoint restores: both networks, their batch-norm statistics, the optimizer's saved slots. */
function restoredBlocks(t: GanTrainer): TensorBlock[] {
  const slots = Object.entries(t.state.slots)
    .filter(([name]) => !name.startsWith('_'))
    .flatMap(([, players]) => players);
  return [t.generator.block, t.discriminator.block, t.generator.stats, t.discriminator.stats, ...slots].filter((b): b is TensorBlock => b !== undefined);
}

/** Rewrites every restored tensor of `trainer` as the output of x + 0 (same values; see the module comment). */
export function rematerialize(trainer: GanTrainer): GanTrainer {
  for (const block of restoredBlocks(trainer)) {
    const zero = tensorSpace.zerosLike(block);
    tensorSpace.axpy(block, 1, zero);
    tensorSpace.dispose(zero);
  }
  return trainer;
}
