import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useCpu } from '../helpers/backend.js';
import { installTrainingKernels } from '../../src/backends/install_training_kernels.js';
import { resnetGenerator } from '../../src/architectures/resnet_generator.js';
import { layerSummary, weightValues } from './model_helpers.js';
import { assertEveryWeightLearns, assertSaveLoadIdentical, trainableCount } from './image_model_checks.js';

// gan-kit's cpu training kernels: the same values as the stock kernels, several times faster.
await useCpu();
installTrainingKernels('cpu');

test('the paper’s 256×256 layout: c7s1-w, d2w, d4w, R4w×9, u2w, uw, c7s1-3, with 2772w² + 294w + 3 weights (11,372,931 at w = 64)', () => {
  // Width 2 instead of 64 keeps the test fast; the layout and the weight count are the paper's in units of w.
  const w = 2;
  const g = resnetGenerator({ imageShape: [256, 256, 3], width: w, seed: 1 });
  const convs = layerSummary(g).filter((l) => l.startsWith('Conv2D'));
  assert.equal(convs.length, 1 + 2 + 18 + 2 + 1);
  assert.match(convs[0]!, new RegExp(`^Conv2D filters=${w} kernelSize=\\[7,7\\] strides=\\[1,1\\] padding="valid" useBias=false`));
  assert.match(convs[1]!, new RegExp(`^Conv2D filters=${2 * w} kernelSize=\\[3,3\\] strides=\\[2,2\\] padding="same"`));
  assert.match(convs[2]!, new RegExp(`^Conv2D filters=${4 * w} kernelSize=\\[3,3\\] strides=\\[2,2\\]`));
  assert.ok(convs.slice(3, 21).every((l) => l.startsWith(`Conv2D filters=${4 * w} kernelSize=[3,3] strides=[1,1] padding="valid"`)));
  assert.match(convs[21]!, new RegExp(`^Conv2DTranspose filters=${2 * w} kernelSize=\\[3,3\\] strides=\\[2,2\\]`));
  assert.match(convs[22]!, new RegExp(`^Conv2DTranspose filters=${w} `));
  assert.match(convs[23]!, /^Conv2D filters=3 kernelSize=\[7,7\] strides=\[1,1\] padding="valid" useBias=true/);
  // 7·7·3·w + 3·3·w·2w + 3·3·2w·4w + 18·3·3·4w·4w + 3·3·4w·2w + 3·3·2w·w + 7·7·w·3 + 3 = 2772w² + 294w + 3; the
  // reference code's count at w = 64, 11,378,182, also has the biases that instance normalization cancels.
  const count = (width: number) => 2772 * width ** 2 + 294 * width + 3;
  assert.equal(trainableCount(g), count(w));
  assert.equal(count(64), 11_372_931);
  assert.equal(g.layers.filter((l) => l.getClassName() === 'Add').length, 9);
  assert.deepEqual(g.outputs[0]!.shape, [null, 256, 256, 3]);
  g.dispose();
});

test('a small generator for 28×28 digits: shape, range, seeded weights, every weight learns, save → load', async () => {
  const options = { imageShape: [28, 28, 1], width: 4, blocks: 2, seed: 3 } as const;
  const g = resnetGenerator(options);
  const again = resnetGenerator(options);
  const other = resnetGenerator({ ...options, seed: 4 });
  assert.deepEqual(weightValues(again), weightValues(g));
  assert.notDeepEqual(weightValues(other), weightValues(g));
  assert.equal(g.name, 'resnet-generator');
  const x = tf.randomUniform([2, 28, 28, 1], -1, 1, 'float32', 5);
  tf.tidy(() => {
    const y = g.predict(x) as tf.Tensor;
    assert.deepEqual(y.shape, [2, 28, 28, 1]);
    const [min, max] = [tf.min(y).dataSync()[0]!, tf.max(y).dataSync()[0]!];
    assert.ok(min >= -1 && max <= 1 && max > min, `tanh output ${min} … ${max}`);
  });
  assertEveryWeightLearns(g, x);
  await assertSaveLoadIdentical(g, x);
  const rgbToGrey = resnetGenerator({ imageShape: [32, 32, 3], outputChannels: 1, width: 2, blocks: 1, downsamplings: 3, normalization: 'batch', name: 'g-ab' });
  assert.deepEqual(rgbToGrey.outputs[0]!.shape, [null, 32, 32, 1]);
  assert.equal(rgbToGrey.name, 'g-ab');
  assert.ok(rgbToGrey.layers.some((l) => l.getClassName() === 'BatchNormalization'));
  tf.dispose(x);
  [g, again, other, rgbToGrey].forEach((m) => m.dispose());
});

test('spectral and unnormalized builds: biases everywhere, no normalization layers', () => {
  const spectral = resnetGenerator({ imageShape: [8, 8, 3], width: 2, blocks: 1, normalization: 'spectral' });
  const names = spectral.layers.map((l) => l.getClassName());
  assert.equal(names.filter((n) => n === 'SpectralNormalization').length, 1 + 2 + 2 + 2 + 1);
  assert.ok(!names.includes('InstanceNormalization') && !names.includes('BatchNormalization'));
  const plain = resnetGenerator({ imageShape: [8, 8, 3], width: 2, blocks: 1, normalization: 'none' });
  assert.ok(layerSummary(plain).filter((l) => l.startsWith('Conv')).every((l) => l.includes('useBias=true')));
  spectral.dispose();
  plain.dispose();
});

test('shapes that cannot be built and bad options are refused with the reason', () => {
  assert.throws(() => resnetGenerator({ imageShape: [30, 30, 1] }), /\[30, 30, 1\] cannot be built with 2 down-samplings: height and width must be divisible by 4/);
  assert.throws(() => resnetGenerator({ imageShape: [4, 4, 1] }), /at least 8 so that the lowest resolution is at least 2×2/);
  assert.doesNotThrow(() => resnetGenerator({ imageShape: [4, 4, 1], blocks: 0, width: 1 }).dispose());
  assert.throws(() => resnetGenerator({ imageShape: [28, 28] }), /resnetGenerator: options.imageShape must be \[height, width, channels\]/);
  assert.throws(() => resnetGenerator({ imageShape: [28, 28, 1], blocks: -1 }), /options.blocks must be an integer ≥ 0, but got -1/);
  assert.throws(() => resnetGenerator({ imageShape: [28, 28, 1], width: 0 }), /options.width must be an integer ≥ 1/);
  assert.throws(() => resnetGenerator(undefined as never), /resnetGenerator: options must be an object/);
});
