import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useCpu } from '../helpers/backend.js';
import { outputsOf, roundTrip } from '../helpers/model_round_trip.js';
import { PixelShuffle, pixelShuffle } from '../../src/layers/pixel_shuffle.js';

await useCpu();

/**
 * TensorFlow's space_to_depth (NHWC), written out element by element: out[n, i, j, (a·r + b)·C + c] = x[n, r·i + a, r·j + b, c].
 */
function spaceToDepth(values: ArrayLike<number>, [n, h, w, c]: readonly number[], r: number): { values: Float32Array; shape: number[] } {
  const [oh, ow, oc] = [h! / r, w! / r, c! * r * r];
  const out = new Float32Array(values.length);
  for (let s = 0; s < n!; s++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let a = 0; a < r; a++)
          for (let b = 0; b < r; b++)
            for (let ch = 0; ch < c!; ch++) {
              const from = ((s * h! + r * i + a) * w! + r * j + b) * c! + ch;
              const to = ((s * oh + i) * ow + j) * oc + (a * r + b) * c! + ch;
              out[to] = values[from]!;
            }
  return { values: out, shape: [n!, oh, ow, oc] };
}

test('four channels of one pixel become a 2×2 block, by hand', () => {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const y = new PixelShuffle({ scale: 2 }).apply(tf.tensor4d([1, 2, 3, 4], [1, 1, 1, 4])) as tf.Tensor;
    assert.deepEqual(y.arraySync(), [[[[1], [2]], [[3], [4]]]]);
    // Two output channels: depth (a·2 + b)·2 + c.
    const z = pixelShuffle(tf.tensor4d([10, 20, 11, 21, 12, 22, 13, 23], [1, 1, 1, 8]), 2);
    assert.deepEqual(z.arraySync(), [[[[10, 20], [11, 21]], [[12, 22], [13, 23]]]]);
  });
  assert.equal(tf.memory().numTensors, before);
});

test('pixel shuffle is the inverse of space-to-depth, both ways, and equals tf.depthToSpace', () => {
  tf.tidy(() => {
    for (const [shape, r] of [[[2, 6, 4, 3], 2], [[1, 6, 9, 2], 3], [[3, 4, 4, 1], 4], [[2, 3, 3, 2], 1]] as const) {
      const x = tf.randomNormal([...shape], 0, 1, 'float32', r);
      const packed = spaceToDepth(x.dataSync(), shape, r);
      const back = pixelShuffle(tf.tensor4d(packed.values, packed.shape as [number, number, number, number]), r);
      assert.deepEqual(back.shape, shape);
      assert.deepEqual(Array.from(back.dataSync()), Array.from(x.dataSync()), `shuffle(s2d(x)) = x for ${shape}, r ${r}`);
      const y = tf.randomNormal(packed.shape as [number, number, number, number], 0, 1, 'float32', 10 + r) as tf.Tensor4D;
      const shuffled = pixelShuffle(y, r);
      assert.deepEqual(Array.from(spaceToDepth(shuffled.dataSync(), shuffled.shape, r).values), Array.from(y.dataSync()), 's2d(shuffle(y)) = y');
      // tf.depthToSpace needs r ≥ 2.
      if (r > 1) assert.deepEqual(Array.from(shuffled.dataSync()), Array.from(tf.depthToSpace(y, r).dataSync()), 'tf.depthToSpace');
    }
  });
});

test('the gradient is the inverse rearrangement (space-to-depth of the upstream gradient)', () => {
  tf.tidy(() => {
    const weights = tf.randomNormal([2, 4, 6, 3], 0, 1, 'float32', 7);
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(pixelShuffle(x as tf.Tensor4D, 2), weights)))(tf.zeros([2, 2, 3, 12]));
    assert.deepEqual(Array.from(g.dataSync()), Array.from(spaceToDepth(weights.dataSync(), weights.shape, 2).values));
  });
});

test('channels that are not a multiple of r², and bad scales, are refused', () => {
  assert.throws(() => new PixelShuffle({ scale: 0 }), /PixelShuffle: scale must be an integer ≥ 1.*but got 0/);
  assert.throws(() => new PixelShuffle({ scale: 2 }).apply(tfl.input({ shape: [4, 4, 6] })), /has 6 channels, which is not a multiple of scale² = 4; give the convolution before it 4·C filters/);
  const x = tf.zeros([1, 2, 2, 3]) as tf.Tensor4D;
  assert.throws(() => pixelShuffle(x, 2), /pixelShuffle: the input has 3 channels/);
  x.dispose();
});

test('save → load keeps the scale and the outputs', async () => {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ filters: 18, kernelSize: 3, padding: 'same', inputShape: [3, 4, 2], kernelInitializer: tfl.initializers.glorotNormal({ seed: 2 }) }),
      new PixelShuffle({ scale: 3 }),
    ],
  });
  assert.deepEqual(model.outputs[0]!.shape, [null, 9, 12, 2]);
  const loaded = await roundTrip(model);
  assert.ok(loaded.layers[1] instanceof PixelShuffle);
  assert.equal((loaded.layers[1] as PixelShuffle).scale, 3);
  const x = tf.randomNormal([2, 3, 4, 2], 0, 1, 'float32', 1);
  assert.deepEqual(outputsOf(loaded, x, false), outputsOf(model, x, false));
  x.dispose();
  model.dispose();
  loaded.dispose();
});
