import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { useCpu } from '../helpers/backend.js';
import { installTrainingKernels } from '../../src/backends/install_training_kernels.js';
import { unetGenerator } from '../../src/architectures/unet_generator.js';
import { SeededDropout } from '../../src/layers/seeded_dropout.js';
import { layerSummary, weightValues } from './model_helpers.js';
import { assertEveryWeightLearns, assertSaveLoadIdentical } from './image_model_checks.js';

// gan-kit's cpu training kernels: the same values as the stock kernels, several times faster.
await useCpu();
installTrainingKernels('cpu');

const filtersOf = (model: tfl.LayersModel, cls: string) =>
  model.layers.filter((l) => l.getClassName() === cls).map((l) => l.getConfig()['filters'] as number);

test('the paper’s 256×256 layout: C64-C128-C256-C512×5 and CD512×3-C512-C256-C128-C64 (in units of width), skips at every level', () => {
  // Width 2 instead of 64 keeps the test fast: every filter count is width × 1, 2, 4 or 8.
  const g = unetGenerator({ imageShape: [256, 256, 3], width: 2, seed: 1 });
  assert.deepEqual(filtersOf(g, 'Conv2D'), [64, 128, 256, 512, 512, 512, 512, 512].map((f) => f / 32));
  assert.deepEqual(filtersOf(g, 'Conv2DTranspose'), [...[512, 512, 512, 512, 256, 128, 64].map((f) => f / 32), 3]);
  const summary = layerSummary(g);
  assert.ok(summary.filter((l) => l.startsWith('Conv')).every((l) => l.includes('kernelSize=[4,4] strides=[2,2] padding="same"')));
  // Normalized: encoder levels 2 … 7 and the seven inner decoder levels; not the first, the innermost, nor the output.
  assert.equal(g.layers.filter((l) => l.getClassName() === 'BatchNormalization').length, 6 + 7);
  assert.equal(g.layers.filter((l) => l.getClassName() === 'Concatenate').length, 7);
  const dropouts = g.layers.filter((l): l is SeededDropout => l instanceof SeededDropout);
  assert.deepEqual(dropouts.map((d) => d.rate), [0.5, 0.5, 0.5]);
  // Each dropout sits right after one of the first three decoder normalizations.
  const names = g.layers.map((l) => l.getClassName());
  const firstDecoder = names.indexOf('Conv2DTranspose');
  assert.deepEqual(names.slice(firstDecoder, firstDecoder + 4), ['Conv2DTranspose', 'BatchNormalization', 'SeededDropout', 'Concatenate']);
  g.dispose();
});

test('default depth halves both sides exactly: 2 for 28×28, 5 for 32×32; deeper is refused with the limit', () => {
  const small = unetGenerator({ imageShape: [28, 28, 1], width: 2 });
  assert.equal(filtersOf(small, 'Conv2D').length, 2);
  assert.equal(small.layers.filter((l) => l instanceof SeededDropout).length, 1);
  const cifar = unetGenerator({ imageShape: [32, 32, 3], width: 2, dropout: 0 });
  assert.deepEqual(filtersOf(cifar, 'Conv2D'), [2, 4, 8, 16, 16]);
  assert.equal(cifar.layers.filter((l) => l instanceof SeededDropout).length, 0);
  assert.throws(() => unetGenerator({ imageShape: [28, 28, 1], depth: 3 }), /cannot be halved 3 times: height and width must be divisible by 2\^depth = 8; this shape allows a depth of at most 2/);
  assert.throws(() => unetGenerator({ imageShape: [27, 27, 1] }), /cannot be halved 1 times.*Use a smaller depth, or resize or pad/);
  assert.throws(() => unetGenerator({ imageShape: [28, 28, 1], dropout: 1 }), /options.dropout must be a number in \[0, 1\), but got 1/);
  small.dispose();
  cifar.dispose();
});

test('a 28×28 edges → digits network: shape, a skip carries the input, every weight learns, save → load', async () => {
  const g = unetGenerator({ imageShape: [28, 28, 1], width: 4, normalization: 'instance', seed: 2 });
  const twin = unetGenerator({ imageShape: [28, 28, 1], width: 4, normalization: 'instance', seed: 2 });
  assert.deepEqual(weightValues(twin), weightValues(g));
  twin.dispose();
  const x = tf.randomUniform([2, 28, 28, 1], -1, 1, 'float32', 3);
  tf.tidy(() => {
    const y = g.predict(x) as tf.Tensor;
    assert.deepEqual(y.shape, [2, 28, 28, 1]);
    // The innermost output passes through the skip concatenation: the last concatenation has e₁'s 4 + 4 channels.
    const concat = g.layers.filter((l) => l.getClassName() === 'Concatenate').at(-1)!;
    assert.deepEqual((concat.output as tfl.SymbolicTensor).shape, [null, 14, 14, 8]);
  });
  assertEveryWeightLearns(g, x);
  await assertSaveLoadIdentical(g, x);
  tf.dispose(x);
  g.dispose();
});
