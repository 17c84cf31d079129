import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../helpers/backend.js';
import { installTrainingKernels } from '../../src/backends/install_training_kernels.js';
import { srganDiscriminator } from '../../src/architectures/srgan_discriminator.js';
import { layerSummary } from './model_helpers.js';
import { assertEveryWeightLearns, assertSaveLoadIdentical } from './image_model_checks.js';

// gan-kit's cpu training kernels: the same values as the stock kernels, several times faster.
await useCpu();
installTrainingKernels('cpu');

test('the paper’s discriminator: k3n64s1 … k3n512s2 (in units of width), Dense 1024, Dense 1 → logits [batch, 1]', async () => {
  // Width 2 and 16×16 images instead of 64 and 96×96 keep the test fast; the layout is the paper's in units of width.
  const d = srganDiscriminator({ imageShape: [16, 16, 3], width: 2, seed: 1 });
  const convs = layerSummary(d).filter((l) => l.startsWith('Conv2D'));
  assert.deepEqual(convs.map((l) => `${Number(/filters=(\d+)/.exec(l)![1]) * 32}s${/strides=\[(\d)/.exec(l)![1]}`), [
    '64s1', '64s2', '128s1', '128s2', '256s1', '256s2', '512s1', '512s2',
  ]);
  assert.deepEqual(d.layers.filter((l) => l.getClassName() === 'Dense').map((l) => l.getConfig()['units']), [1024, 1]);
  assert.deepEqual(d.outputs[0]!.shape, [null, 1]);
  assert.equal(d.layers.filter((l) => l.getClassName() === 'BatchNormalization').length, 7);
  d.dispose();
  const small = srganDiscriminator({ imageShape: [28, 28, 1], width: 4, stages: 2, denseUnits: 8, seed: 2 });
  const x = tf.randomUniform([3, 28, 28, 1], -1, 1, 'float32', 4);
  tf.tidy(() => assert.deepEqual((small.predict(x) as tf.Tensor).shape, [3, 1]));
  assertEveryWeightLearns(small, x);
  await assertSaveLoadIdentical(small, x);
  assert.throws(() => srganDiscriminator({ imageShape: [28, 28, 1], stages: 5 }), /too small for 5 stride-2 stages: height and width must be at least 2\^stages = 32/);
  tf.dispose(x);
  small.dispose();
});
