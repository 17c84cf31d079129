import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type * as tfl from '@tensorflow/tfjs-layers';

import { loadMnist } from '../../src/data/mnist.js';
import { frechetDistance } from '../../src/metrics/frechet_distance.js';
import {
  MNIST_CLASSIFIER_HELD_OUT_ACCURACY,
  loadMnistClassifier,
  mnistClassProbabilities,
  mnistFeatures,
} from '../../src/metrics/mnist_classifier.js';
import { SeededRandom } from '../../src/utils/random.js';

let classifier: tfl.LayersModel;
let test: Awaited<ReturnType<typeof loadMnist>>;

before(async () => {
  // wasm, the backend the classifier was trained and measured on (the cpu backend's convolutions take ~20 s here).
  await tf.setBackend('wasm');
  classifier = await loadMnistClassifier();
  test = await loadMnist({ split: 'test' });
});

after(() => {
  classifier.dispose();
  tf.dispose([test.images, test.labels]);
});

describe('the bundled MNIST classifier', () => {
  it('reaches its reported accuracy on the 997 held-out digits', async () => {
    const probabilities = await mnistClassProbabilities(test.images, { classifier });
    const correct = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(probabilities, 1), test.labels), 'int32')).dataSync()[0]!);
    probabilities.dispose();
    const accuracy = correct / test.images.shape[0];
    assert.ok(accuracy >= MNIST_CLASSIFIER_HELD_OUT_ACCURACY, `accuracy ${accuracy}, reported ${MNIST_CLASSIFIER_HELD_OUT_ACCURACY}`);
    assert.ok(MNIST_CLASSIFIER_HELD_OUT_ACCURACY > 0.95, `reported ${MNIST_CLASSIFIER_HELD_OUT_ACCURACY}`);
  });

  it('gives 64 features per image; real digits are far closer to each other than to noise (Fréchet distance)', async () => {
    const before = tf.memory().numTensors;
    const first = tf.slice(test.images, 0, 400);
    const second = tf.slice(test.images, 400, 400);
    const noise = tf.tidy(() => tf.clipByValue(new SeededRandom(1).normalTensor([400, 28, 28, 1]), -1, 1)) as tf.Tensor4D;
    const [a, b, c] = await Promise.all([first, second, noise].map((x) => mnistFeatures(x, { classifier, batchSize: 128 })));
    assert.deepEqual(a!.shape, [400, 64]);
    const realReal = frechetDistance(a!, b!);
    const realNoise = frechetDistance(a!, c!);
    assert.ok(realReal > 0 && realReal * 10 < realNoise, `FID real/real ${realReal}, real/noise ${realNoise}`);
    tf.dispose([first, second, noise, a!, b!, c!]);
    assert.equal(tf.memory().numTensors, before);
  });

  it('loads its own copy when none is passed, disposes it, and checks the image shape', async () => {
    const images = tf.slice(test.images, 0, 8);
    const before = tf.memory().numTensors;
    const features = await mnistFeatures(images);
    assert.deepEqual(features.shape, [8, 64]);
    features.dispose();
    assert.equal(tf.memory().numTensors, before);
    const wrong = tf.zeros([2, 32, 32, 3]) as tf.Tensor4D;
    await assert.rejects(mnistFeatures(wrong, { classifier }), /mnistFeatures: images must be \[n, 28, 28, 1\].*got shape \[2, 32, 32, 3\]/);
    tf.dispose([images, wrong]);
  });
});
