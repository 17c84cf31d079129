import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useCpu } from '../helpers/backend.js';
import { perceptualLoss } from '../../src/losses/perceptual.js';
import { loadMnist } from '../../src/data/mnist.js';
import { MNIST_CLASSIFIER_FEATURE_LAYER, loadMnistClassifier, mnistFeatures } from '../../src/metrics/mnist_classifier.js';
import { imageLossContract } from './image_loss_contract.js';

await useCpu();

// With the identity as the feature network, the perceptual loss is the pixel loss: the shared contract applies.
imageLossContract({ name: 'perceptualLoss', loss: perceptualLoss({ features: (x) => x }), fields: ['target', 'generated'], distance: 'l2' });
imageLossContract({ name: 'perceptualLoss', loss: perceptualLoss({ features: (x) => x, distance: 'l1' }), fields: ['target', 'generated'], distance: 'l1' });

/**
 * Images [2, 2, 2, 1] → flatten → Dense 'features' (no bias) with kernel rows (one per pixel) [1, 0], [0, 1], [1, 1],
 * [2, −1] → Dense 'head'.
 */
function handModel(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [2, 2, 1] }),
      tfl.layers.dense({ units: 2, useBias: false, name: 'features' }),
      tfl.layers.dense({ units: 3, name: 'head' }),
    ],
  });
  model.getLayer('features').setWeights([tf.tensor2d([[1, 0], [0, 1], [1, 1], [2, -1]])]);
  return model;
}

test('features of a model layer, by hand: values, per-sample values, L1, and the gradient through the network', () => {
  const model = handModel();
  const headBefore = Array.from(model.getLayer('head').getWeights()[0]!.dataSync());
  const before = tf.memory().numTensors;
  const l2 = perceptualLoss({ features: { model, layerName: 'features' } });
  const l1 = perceptualLoss({ features: { model, layerName: 'features' }, distance: 'l1' });
  tf.tidy(() => {
    // φ(target) = [3, −1] and [1, 2]; φ(generated) = [0, 0] and [2, 2]: differences [3, −1] and [−1, 0].
    const target = tf.tensor4d([1, 0, 0, 1, 0, 1, 1, 0], [2, 2, 2, 1]);
    const generated = tf.tensor4d([0, 0, 0, 0, 1, 1, 1, 0], [2, 2, 2, 1]);
    const near = (t: tf.Tensor, expected: number[]) => Array.from(t.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-5, `${v} vs ${expected[i]}`));
    near(l2({ target, generated }), [(9 + 1 + 1 + 0) / 4]);
    near(l2({ target, generated }, { reduction: 'none' }), [5, 0.5]);
    near(l2({ target, generated }, { reduction: 'sum' }), [11]);
    near(l1({ target, generated }), [(3 + 1 + 1 + 0) / 4]);
    // ∂L/∂φ(generated) = −2(φt − φg)/4 = [−1.5, 0.5] and [0.5, 0]; times the kernel's transpose, per pixel.
    near(tf.grad((g: tf.Tensor) => l2({ target, generated: g }))(generated), [-1.5, 0.5, -1, -3.5, 0.5, 0, 0.5, 1]);
  });
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  assert.deepEqual(Array.from(model.getLayer('head').getWeights()[0]!.dataSync()), headBefore, 'the network is unchanged');
  model.dispose();
});

test('a function as the feature network, and errors naming the layer and the options', () => {
  const doubled = perceptualLoss({ features: (x) => tf.mul(x, 2) });
  tf.tidy(() => {
    const v = doubled({ target: tf.ones([1, 2, 2, 1]), generated: tf.zeros([1, 2, 2, 1]) });
    assert.equal(v.dataSync()[0], 4);
  });
  const model = handModel();
  assert.throws(() => perceptualLoss({ features: { model, layerName: 'conv' } }), /perceptualLoss: the model has no layer named 'conv'; its layers are: flatten.*, features, head/);
  assert.throws(() => perceptualLoss({ features: (x) => x, distance: 'cosine' as 'l1' }), /options.distance must be 'l1' or 'l2'; got 'cosine'/);
  assert.throws(() => perceptualLoss({ features: 3 as never }), /options.features must be \{ model, layerName \} or a function/);
  const flattening = perceptualLoss({ features: (x) => tf.reshape(x, [-1]) });
  assert.throws(() => tf.tidy(() => flattening({ target: tf.ones([2, 2, 2, 1]), generated: tf.ones([2, 2, 2, 1]) })), /returned shape \[8\] for 2 images; it must keep the batch axis first/);
  model.dispose();
});

test('the bundled MNIST classifier’s features: zero on identical digits, the features’ MSE otherwise, a usable gradient', async () => {
  const classifier = await loadMnistClassifier();
  const { images, labels } = await loadMnist({ split: 'test', count: 8 });
  const loss = perceptualLoss({ features: { model: classifier, layerName: MNIST_CLASSIFIER_FEATURE_LAYER } });
  const [a, b] = [tf.slice(images, 0, 4), tf.slice(images, 4, 4)];
  const [fa, fb] = [await mnistFeatures(a, { classifier }), await mnistFeatures(b, { classifier })];
  tf.tidy(() => {
    assert.equal(loss({ target: a, generated: a }).dataSync()[0], 0);
    const value = loss({ target: a, generated: b }).dataSync()[0]!;
    const expected = tf.mean(tf.squaredDifference(fa, fb)).dataSync()[0]!;
    assert.ok(value > 0.01 && Math.abs(value - expected) < 1e-5 * Math.max(1, expected), `${value} vs ${expected}`);
    const gradient = tf.grad((g: tf.Tensor) => loss({ target: a, generated: g }))(b);
    const norm = tf.norm(gradient).dataSync()[0]!;
    assert.ok(Number.isFinite(norm) && norm > 0, `gradient norm ${norm}`);
  });
  tf.dispose([images, labels, a, b, fa, fb]);
  classifier.dispose();
});
