// The image-to-image layers train: exact gradients (against central differences) and a descending loss, on the
// stock cpu backend and on wasm with gan-kit's training kernels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { installTrainingKernels } from '../../src/backends/install_training_kernels.js';
import { InstanceNormalization } from '../../src/layers/instance_normalization.js';
import { PixelShuffle } from '../../src/layers/pixel_shuffle.js';
import { ReflectionPadding2D } from '../../src/layers/reflection_padding_2d.js';
import { assertDerivativesAgree, compareInputGradient, compareVariableGradients } from '../gradients/finite_differences.js';

/** reflect-pad → conv 3×3 'valid' → instance norm (affine) → pixel shuffle ×2: [2, 4, 5, 2] → [2, 8, 10, 2]. */
function tinyModel(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      new ReflectionPadding2D({ padding: [[1, 1], [2, 0]], inputShape: [4, 5, 2] }),
      tfl.layers.conv2d({ filters: 8, kernelSize: 3, kernelInitializer: tfl.initializers.glorotNormal({ seed: 1 }), biasInitializer: 'ones' }),
      new InstanceNormalization({ affine: true }),
      new PixelShuffle({ scale: 2 }),
    ],
  });
}

for (const backend of ['cpu', 'wasm'] as const) {
  test(`${backend}: gradients of the input and of every weight match central differences; Adam lowers the loss`, async () => {
    await tf.setBackend(backend);
    await tf.ready();
    if (backend === 'wasm') installTrainingKernels('wasm');
    const model = tinyModel();
    // Make γ and β non-trivial so that their gradients are not special.
    model.layers[2]!.setWeights([tf.tensor1d([1, 2, 0.5, 1.5, 1, 0.7, 1.2, 0.9]), tf.tensor1d([0.1, -0.2, 0.3, 0, 0.5, -0.5, 0.2, 0])]);
    const x = tf.randomNormal([2, 4, 5, 2], 0, 1, 'float32', 3);
    const target = tf.randomNormal([2, 8, 10, 2], 0, 1, 'float32', 4);
    const weights = tf.randomNormal([2, 8, 10, 2], 0, 1, 'float32', 5);
    const loss = (input: tf.Tensor) => tf.mean(tf.mul(weights, tf.square(tf.sub(model.apply(input, { training: true }) as tf.Tensor, target)))) as tf.Scalar;

    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    assert.equal(variables.length, 4, 'kernel, bias, γ, β');
    const byWeight = compareVariableGradients(() => loss(x), variables, 1e-2, { perVariable: 6 });
    assert.ok(byWeight.kinks === 0, `${byWeight.kinks} probes straddled a kink in a smooth function`);
    // The bias is removed by the normalization: its gradient is 0, analytically and numerically.
    assertDerivativesAgree(byWeight, `${backend} weights`, { relTol: 2e-2, absTol: 2e-4 });
    assertDerivativesAgree(compareInputGradient(loss, x, 1e-2), `${backend} input`, { relTol: 2e-2, absTol: 2e-4 });

    const before = tf.memory().numTensors;
    const optimizer = tf.train.adam(0.02);
    const first = tf.tidy(() => loss(x).dataSync()[0]!);
    for (let step = 0; step < 30; step++) optimizer.minimize(() => loss(x), false, variables);
    const last = tf.tidy(() => loss(x).dataSync()[0]!);
    assert.ok(last < 0.8 * first, `${backend}: loss ${first} → ${last} after 30 Adam steps`);
    optimizer.dispose();
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked by the steps');
    tf.dispose([x, target, weights]);
    model.dispose();
  });
}
