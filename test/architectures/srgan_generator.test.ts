import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { useCpu } from '../helpers/backend.js';
import { installTrainingKernels } from '../../src/backends/install_training_kernels.js';
import { srganGenerator } from '../../src/architectures/srgan_generator.js';
import { layerSummary, weightValues } from './model_helpers.js';
import { assertEveryWeightLearns, assertSaveLoadIdentical, trainableCount } from './image_model_checks.js';

// gan-kit's cpu training kernels: the same values as the stock kernels, several times faster.
await useCpu();
installTrainingKernels('cpu');

test('the paper’s ×4 layout: 9×9 head, 16 residual blocks, two pixel-shuffle ×2 blocks, 9×9 tail; 369w² + 580w + 3 weights', () => {
  // Width 4 instead of 64 keeps the test fast; the layout and the weight count are the paper's in units of w.
  const w = 4;
  const g = srganGenerator({ imageShape: [24, 24, 3], width: w, seed: 1 });
  assert.deepEqual(g.outputs[0]!.shape, [null, 96, 96, 3]);
  const names = g.layers.map((l) => l.getClassName());
  assert.equal(names.filter((n) => n === 'PixelShuffle').length, 2);
  assert.equal(names.filter((n) => n === 'Add').length, 17);
  assert.equal(names.filter((n) => n === 'PReLU').length, 1 + 16 + 2);
  assert.equal(names.filter((n) => n === 'BatchNormalization').length, 2 * 16 + 1);
  assert.deepEqual(layerSummary(g).filter((l) => l.startsWith('Conv2D')).map((l) => Number(/filters=(\d+)/.exec(l)![1])), [
    w, ...new Array<number>(33).fill(w), 4 * w, 4 * w, 3,
  ]);
  // Head 9·9·3·w + w and w slopes; per block 2 × (3·3·w·w + γ, β) + w slopes; trunk 3·3·w·w + γ, β; per up-sampling
  // block 3·3·w·4w + 4w and w slopes; tail 9·9·w·3 + 3: 369w² + 580w + 3 (1,548,547 at the paper's w = 64).
  const count = (width: number) => 369 * width ** 2 + 580 * width + 3;
  assert.equal(trainableCount(g), count(w));
  assert.equal(count(64), 1_548_547);
  g.dispose();
});

test('a ×2 generator for 14×14 digits: shape, range, seeded, every weight learns, save → load', async () => {
  const options = { imageShape: [14, 14, 1], scale: 2, blocks: 2, width: 4, seed: 2 } as const;
  const g = srganGenerator(options);
  const twin = srganGenerator(options);
  assert.deepEqual(weightValues(twin), weightValues(g));
  const x = tf.randomUniform([2, 14, 14, 1], -1, 1, 'float32', 3);
  tf.tidy(() => {
    const y = g.predict(x) as tf.Tensor;
    assert.deepEqual(y.shape, [2, 28, 28, 1]);
    assert.ok(tf.max(tf.abs(y)).dataSync()[0]! <= 1);
  });
  assertEveryWeightLearns(g, x);
  await assertSaveLoadIdentical(g, x);
  const plain = srganGenerator({ ...options, scale: 8, normalization: 'none', blocks: 1 });
  assert.deepEqual(plain.outputs[0]!.shape, [null, 112, 112, 1]);
  assert.ok(!plain.layers.some((l) => l.getClassName() === 'BatchNormalization'));
  assert.throws(() => srganGenerator({ imageShape: [14, 14, 1], scale: 3 }), /srganGenerator: options.scale must be 2, 4 or 8, but got 3/);
  tf.dispose(x);
  [g, twin, plain].forEach((m) => m.dispose());
});

test('wasm: PReLU, pixel shuffle and the convolutions train (gradients reach every weight)', async () => {
  await tf.setBackend('wasm');
  installTrainingKernels('wasm');
  const g = srganGenerator({ imageShape: [6, 6, 1], scale: 2, blocks: 1, width: 4, seed: 5 });
  const x = tf.randomUniform([2, 6, 6, 1], -1, 1, 'float32', 7);
  assertEveryWeightLearns(g, x);
  tf.dispose(x);
  g.dispose();
  await useCpu();
});
