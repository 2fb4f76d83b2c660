/**
 * The GAN trainer (issue 6) trains on tfjs's WebGL backend in the page. In this headless Chromium with no GPU,
 * WebGL 2 comes from SwiftShader (a software GPU; flags in test/browser/chromium.ts). A `tf.setBackend('webgl')` that
 * fails returns false and tfjs silently stays on another backend, so this checks that the backend really is WebGL 2
 * and that it computes: a matrix product on the GPU path equals the one on the CPU backend.
 */
import * as tf from '@tensorflow/tfjs-core';
// The backends as the product registers them (tfjs-core plus the cpu, webgl and wasm backends).
import '../../gan/backend.ts';
import { afterAll, describe, expect, it } from 'vitest';

describe('tfjs in Chromium', () => {
  afterAll(() => tf.disposeVariables());

  it('runs on the webgl backend (WebGL 2 through SwiftShader)', async () => {
    expect(await tf.setBackend('webgl')).toBe(true);
    await tf.ready();
    expect(tf.getBackend()).toBe('webgl');
    expect(tf.env().getNumber('WEBGL_VERSION')).toBe(2);

    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tf.tensor2d([0.5, -1, 2, 0, -3, 0.25], [3, 2]);
    const onGpu = await tf.matMul(a, b).data();
    await tf.setBackend('cpu');
    const onCpu = await tf.matMul(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), tf.tensor2d([0.5, -1, 2, 0, -3, 0.25], [3, 2])).data();
    // float32 on both sides; SwiftShader's arithmetic is IEEE single precision like the CPU's.
    expect([...onGpu]).toEqual([...onCpu]);
    expect([...onCpu]).toEqual([-4.5, -0.25, -6, -2.5]);
  });
});
