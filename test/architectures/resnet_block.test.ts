import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useCpu } from '../helpers/backend.js';
import { installTrainingKernels } from '../../src/backends/install_training_kernels.js';
import { resnetBlock } from '../../src/architectures/resnet_block.js';
import { layerSummary } from './model_helpers.js';
import { assertSaveLoadIdentical } from './image_model_checks.js';

// gan-kit's cpu training kernels: the same values as the stock kernels, several times faster.
await useCpu();
installTrainingKernels('cpu');

test('resnetBlock: y = x + IN(conv(pad(ReLU(IN(conv(pad(x))))))); a zero second kernel makes it the identity', () => {
  const x = tfl.input({ shape: [5, 6, 4] });
  const model = tfl.model({ inputs: x, outputs: resnetBlock(x, { seed: 1 }) });
  assert.deepEqual(layerSummary(model), [
    'InputLayer',
    'ReflectionPadding2D padding=[[1,1],[1,1]]',
    'Conv2D filters=4 kernelSize=[3,3] strides=[1,1] padding="valid" useBias=false activation="linear"',
    'InstanceNormalization',
    'ReLU',
    'ReflectionPadding2D padding=[[1,1],[1,1]]',
    'Conv2D filters=4 kernelSize=[3,3] strides=[1,1] padding="valid" useBias=false activation="linear"',
    'InstanceNormalization',
    'Add',
  ]);
  tf.tidy(() => {
    const input = tf.randomNormal([2, 5, 6, 4], 0, 1, 'float32', 2);
    const secondConv = model.layers[6]!;
    secondConv.setWeights([tf.zeros(secondConv.getWeights()[0]!.shape)]);
    // conv = 0 → IN(0) = 0 → y = x.
    assert.deepEqual(Array.from((model.predict(input) as tf.Tensor).dataSync()), Array.from(input.dataSync()));
  });
  assert.throws(() => resnetBlock(x, { normalization: 'group' as 'batch' }), /resnetBlock: options.normalization must be one of 'instance', 'batch', 'spectral', 'none', but got "group"/);
  model.dispose();
});

test('resnetBlock: batch normalization, a seeded build is repeatable, and save → load keeps the outputs', async () => {
  const build = (seed: number) => {
    const x = tfl.input({ shape: [4, 4, 3] });
    return tfl.model({ inputs: x, outputs: resnetBlock(resnetBlock(x, { seed, normalization: 'batch' }), { seed: seed + 1 }) });
  };
  const [a, b] = [build(7), build(7)];
  assert.deepEqual(a.getWeights().map((w) => Array.from(w.dataSync())), b.getWeights().map((w) => Array.from(w.dataSync())));
  assert.equal(a.layers.filter((l) => l.getClassName() === 'BatchNormalization').length, 2);
  const input = tf.randomNormal([3, 4, 4, 3], 0, 1, 'float32', 8);
  await assertSaveLoadIdentical(a, input);
  input.dispose();
  a.dispose();
  b.dispose();
});
