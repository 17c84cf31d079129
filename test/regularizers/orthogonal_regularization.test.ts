import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useCpu } from '../helpers/backend.js';
import { assertDerivativesAgree, compareVariableGradients } from '../gradients/finite_differences.js';
import { ClassEmbedding } from '../../src/layers/class_embedding.js';
import { SelfAttention } from '../../src/layers/self_attention.js';
import { SpectralNormalization } from '../../src/layers/spectral_normalization.js';
import {
  offDiagonalGramPenalty, orthogonalRegularization, orthogonalRegularizationKernels,
} from '../../src/regularizers/orthogonal_regularization.js';

await useCpu();

/** A Dense model whose kernel is the given [in, units] matrix, without bias. */
function denseModel(kernel: number[][]): tfl.LayersModel {
  const model = tfl.sequential({ layers: [tfl.layers.dense({ units: kernel[0]!.length, useBias: false, inputShape: [kernel.length] })] });
  model.layers[0]!.setWeights([tf.tensor2d(kernel)]);
  return model;
}

test('orthogonal regularization by hand: W = [[1, 2], [3, 4]] gives WᵀW = [[10, 14], [14, 20]], R = β·2·14²', () => {
  const model = denseModel([[1, 2], [3, 4]]);
  const before = tf.memory().numTensors;
  const r = orthogonalRegularization(model, { beta: 1e-4 });
  assert.ok(Math.abs(r.dataSync()[0]! - 0.0392) < 1e-7, `R = ${r.dataSync()[0]}`);
  // Default β = 1e-4, and β = 0 gives 0.
  const byDefault = orthogonalRegularization(model);
  assert.ok(Math.abs(byDefault.dataSync()[0]! - 0.0392) < 1e-7);
  const none = orthogonalRegularization(model, { beta: 0 });
  assert.equal(none.dataSync()[0], 0);
  // The gradient is 4β·W(WᵀW ⊙ (1 − I)) = 4β·[[1, 2], [3, 4]]·[[0, 14], [14, 0]] = β·[[112, 56], [224, 168]].
  const kernel = (model.layers[0]!.weights[0] as unknown as { val: tf.Variable }).val;
  const grads = tf.variableGrads(() => orthogonalRegularization(model, { beta: 1 }), [kernel]);
  assert.deepEqual(grads.grads[kernel.name]!.arraySync(), [[112, 56], [224, 168]]);
  tf.dispose([r, byDefault, none, grads.value, ...Object.values(grads.grads)]);
  assert.equal(tf.memory().numTensors, before);
  // Orthogonal filters of any norms: zero.
  const orthogonal = tf.tensor2d([[3, 0], [0, 0.5], [0, 0]]);
  assert.equal(offDiagonalGramPenalty(orthogonal).dataSync()[0], 0);
  orthogonal.dispose();
  model.dispose();
});

test('which kernels: Dense, Conv2D, Conv2DTranspose (filters as columns), wrapped ones, attention; not embeddings or vectors', () => {
  const z = tfl.input({ shape: [3] });
  const label = tfl.input({ shape: [1] });
  const embedded = new ClassEmbedding({ classes: 4, units: 5 }).apply(label) as tfl.SymbolicTensor;
  let h = tfl.layers.concatenate().apply([z, embedded]) as tfl.SymbolicTensor;
  h = new SpectralNormalization({ layer: tfl.layers.dense({ units: 2 * 2 * 6 }) }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.reshape({ targetShape: [2, 2, 6] }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.batchNormalization().apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.conv2dTranspose({ filters: 7, kernelSize: 3, strides: 2, padding: 'same', name: 'up' }).apply(h) as tfl.SymbolicTensor;
  h = new SelfAttention({ attentionChannels: 2, valueChannels: 3 }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.conv2d({ filters: 2, kernelSize: 1, name: 'out' }).apply(h) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: [z, label], outputs: h });
  const kernels = orthogonalRegularizationKernels(model);
  assert.deepEqual(kernels.map((k) => k.layerClass), ['SpectralNormalization/Dense', 'Conv2DTranspose', 'SelfAttention', 'SelfAttention', 'SelfAttention', 'SelfAttention', 'Conv2D']);
  const shapes = tf.tidy(() => kernels.map((k) => k.matrix().shape));
  // Dense [8, 24]; the transposed convolution's kernel [3, 3, 7, 6] reads as [3·3·6, 7]; attention f, g, h, v; 1×1 conv [7, 2].
  assert.deepEqual(shapes, [[8, 24], [54, 7], [7, 2], [7, 2], [7, 3], [3, 7], [7, 2]]);
  // The penalty is the sum over exactly these matrices; excluding the attention layer drops its four.
  const total = tf.tidy(() => orthogonalRegularization(model, { beta: 1 }).dataSync()[0]!);
  const bySum = tf.tidy(() => kernels.reduce((sum, k) => sum + offDiagonalGramPenalty(k.matrix()).dataSync()[0]!, 0));
  assert.ok(Math.abs(total - bySum) <= 1e-5 * bySum && total > 0, `${total} vs ${bySum}`);
  const withoutAttention = orthogonalRegularizationKernels(model, (layer) => layer instanceof SelfAttention);
  assert.equal(withoutAttention.length, 3);
  // Transposed convolution by hand: W[(i, j, c_in), c_out] = kernel[i, j, c_out, c_in].
  const up = model.getLayer('up').getWeights()[0]!.arraySync() as number[][][][];
  const matrix = tf.tidy(() => kernels[1]!.matrix().arraySync());
  assert.equal(matrix[(1 * 3 + 2) * 6 + 4]![5], up[1]![2]![5]![4]);
  assert.throws(() => orthogonalRegularization(model, { beta: -1 }), /options.beta must be a finite number ≥ 0 \(BigGAN uses 1e-4\), got -1/);
  model.dispose();
});

test('orthogonal regularization gradients agree with finite differences on a convolutional model', () => {
  const model = tfl.sequential({ layers: [
    tfl.layers.conv2d({ filters: 3, kernelSize: 2, inputShape: [4, 4, 2], kernelInitializer: tfl.initializers.glorotNormal({ seed: 1 }) }),
    new SpectralNormalization({ layer: tfl.layers.conv2dTranspose({ filters: 4, kernelSize: 2, strides: 2, kernelInitializer: tfl.initializers.glorotNormal({ seed: 2 }) }) }),
  ] });
  const variables = model.trainableWeights.filter((w) => w.originalName.endsWith('kernel')).map((w) => (w as unknown as { val: tf.Variable }).val);
  assert.equal(variables.length, 2);
  const comparison = compareVariableGradients(() => orthogonalRegularization(model, { beta: 0.5 }), variables, 1e-2, { perVariable: 6 });
  assertDerivativesAgree(comparison, 'orthogonal regularization');
  model.dispose();
});
