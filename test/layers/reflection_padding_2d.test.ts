import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useCpu } from '../helpers/backend.js';
import { outputsOf, roundTrip } from '../helpers/model_round_trip.js';
import { ReflectionPadding2D, reflectionPad2d } from '../../src/layers/reflection_padding_2d.js';

await useCpu();

test('reflection padding of a 3×3 image by 1, by hand', () => {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const padded = new ReflectionPadding2D().apply(x) as tf.Tensor;
    assert.deepEqual(padded.shape, [1, 5, 5, 1]);
    assert.deepEqual(tf.squeeze(padded).arraySync(), [
      [5, 4, 5, 6, 5],
      [2, 1, 2, 3, 2],
      [5, 4, 5, 6, 5],
      [8, 7, 8, 9, 8],
      [5, 4, 5, 6, 5],
    ]);
  });
  assert.equal(tf.memory().numTensors, before);
});

test('asymmetric amounts and the [rows, columns] form, by hand; channels and samples are padded alike', () => {
  tf.tidy(() => {
    const row = tf.tensor4d([1, 2, 3], [1, 1, 3, 1]);
    assert.deepEqual(Array.from(reflectionPad2d(row, [[0, 0], [2, 1]]).dataSync()), [3, 2, 1, 2, 3, 2]);
    const column = tf.tensor4d([1, 2, 3, 4], [1, 4, 1, 1]);
    assert.deepEqual(Array.from((new ReflectionPadding2D({ padding: [3, 0] }).apply(column) as tf.Tensor).dataSync()), [4, 3, 2, 1, 2, 3, 4, 3, 2, 1]);
    // Two samples, two channels: channel c of sample n holds 10n + c + the row value.
    const x = tf.tensor4d([1, 11, 2, 12, 101, 111, 102, 112], [2, 1, 2, 2]);
    const padded = new ReflectionPadding2D({ padding: [[0, 0], [1, 1]] }).apply(x) as tf.Tensor;
    assert.deepEqual(padded.arraySync(), [[[[2, 12], [1, 11], [2, 12], [1, 11]]], [[[102, 112], [101, 111], [102, 112], [101, 111]]]]);
  });
});

test('equals tfjs mirrorPad in REFLECT mode (forward) on random images', () => {
  tf.tidy(() => {
    const x = tf.randomNormal([2, 5, 7, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    for (const p of [[[1, 1], [1, 1]], [[3, 2], [0, 4]], [[4, 4], [6, 6]]] as const) {
      const ours = reflectionPad2d(x, p);
      const theirs = tf.mirrorPad(x, [[0, 0], [p[0][0], p[0][1]], [p[1][0], p[1][1]], [0, 0]], 'reflect');
      assert.deepEqual(ours.shape, theirs.shape);
      assert.deepEqual(Array.from(ours.dataSync()), Array.from(theirs.dataSync()), JSON.stringify(p));
    }
  });
});

test('the gradient adds the border’s gradient to the mirrored pixels, by hand', () => {
  tf.tidy(() => {
    // Row x0 x1 x2 padded (1, 1): x1 x0 x1 x2 x1. With weights 1, 10, 100, 1000, 10000 on the five outputs:
    // ∂/∂x0 = 10, ∂/∂x1 = 1 + 100 + 10000, ∂/∂x2 = 1000.
    const weights = tf.tensor4d([1, 10, 100, 1000, 10000], [1, 1, 5, 1]);
    const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(reflectionPad2d(x as tf.Tensor4D, [[0, 0], [1, 1]]), weights)));
    assert.deepEqual(Array.from(grad(tf.tensor4d([0.5, -1, 2], [1, 1, 3, 1])).dataSync()), [10, 10101, 1000]);
  });
});

test('padding as large as the side, or malformed, is refused with the sizes', () => {
  const x = tf.zeros([1, 3, 4, 1]) as tf.Tensor4D;
  assert.throws(() => reflectionPad2d(x, [[3, 0], [0, 0]]), /cannot reflect \[\[3,0\],\[0,0\]\].* on an image of 3 × 4: each amount must be smaller than the side/);
  assert.throws(() => new ReflectionPadding2D({ padding: 4 }).apply(tfl.input({ shape: [3, 4, 1] })), /on an image of 3 × 4/);
  assert.throws(() => new ReflectionPadding2D({ padding: -1 }), /ReflectionPadding2D: padding must be an integer ≥ 0.*but got -1/);
  assert.throws(() => new ReflectionPadding2D({ padding: [1, 2, 3] as unknown as [number, number] }), /but got \[1,2,3\]/);
  assert.throws(() => reflectionPad2d(tf.zeros([3, 4]) as unknown as tf.Tensor4D, [[1, 1], [1, 1]]), /must be images \[batch, height, width, channels\], but got shape \[3, 4\]/);
  x.dispose();
});

test('save → load keeps the configuration and the outputs', async () => {
  const model = tfl.sequential({
    layers: [
      new ReflectionPadding2D({ padding: [[2, 1], [0, 3]], inputShape: [4, 5, 2] }),
      tfl.layers.conv2d({ filters: 3, kernelSize: 3, kernelInitializer: tfl.initializers.glorotNormal({ seed: 1 }) }),
    ],
  });
  assert.deepEqual(model.outputs[0]!.shape, [null, 5, 6, 3]);
  const loaded = await roundTrip(model);
  const layer = loaded.layers[0]!;
  assert.ok(layer instanceof ReflectionPadding2D);
  assert.deepEqual(layer.padding, [[2, 1], [0, 3]]);
  const x = tf.randomNormal([2, 4, 5, 2], 0, 1, 'float32', 3);
  assert.deepEqual(outputsOf(loaded, x, false), outputsOf(model, x, false));
  tf.dispose(x);
  model.dispose();
  loaded.dispose();
});
