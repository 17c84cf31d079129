// The snippets of docs/metrics.md, run in small form on the wasm backend, and the guide's sample-size figure at n = 100.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-wasm';
import {
  MNIST_CLASSIFIER_FEATURE_LAYER, MNIST_CLASSIFIER_HELD_OUT_ACCURACY, classCoverage, extractFeatures, featureMoments,
  frechetDistance, frechetDistanceFromMoments, inceptionScore, kernelInceptionDistance, layerFeatures,
  loadMnist, loadMnistClassifier, mnistClassProbabilities, mnistFeatures, modeCoverage, precisionRecall, ring8,
  ring8Modes,
} from '../../src/index.js';

await tf.setBackend('wasm');

test('metrics guide: features, the bundled classifier and every image metric on real digits', async () => {
  assert.equal(MNIST_CLASSIFIER_HELD_OUT_ACCURACY, 975 / 997);
  assert.equal(MNIST_CLASSIFIER_FEATURE_LAYER, 'features');
  const train = await loadMnist({ split: 'train', count: 300 });
  const held = await loadMnist({ split: 'test', count: 300 });
  const classifier = await loadMnistClassifier();

  const extractor = { model: classifier, layerName: 'features' };
  const viaLayer = extractFeatures(train.images, extractor);
  const real = await mnistFeatures(train.images, { classifier });
  const fake = await mnistFeatures(held.images, { classifier });
  assert.deepEqual(real.shape, [300, 64]);
  assert.deepEqual(Array.from(viaLayer.dataSync()), Array.from(real.dataSync()), 'extractFeatures on the feature layer = mnistFeatures');
  const asFunction = layerFeatures(extractor)(tf.slice(train.images, 0, 2));
  assert.deepEqual(asFunction.shape, [2, 64]);

  const self = frechetDistance(real, real);
  assert.ok(Math.abs(self) < 1e-4, `identical sets: 0 up to round-off, saw ${self}`);
  const fid = frechetDistance(real, fake);
  assert.ok(Math.abs(frechetDistanceFromMoments(featureMoments(real), featureMoments(fake)) - fid) < 1e-9 * Math.max(1, fid));
  // The guide's table: the first 100 'train' digits against the first 100 'test' digits give 19.5 (measured on cpu).
  const fid100 = frechetDistance(tf.slice(real, 0, 100) as tf.Tensor2D, tf.slice(fake, 0, 100) as tf.Tensor2D);
  assert.ok(Math.abs(fid100 - 19.46) < 0.1, `FID at n = 100: ${fid100}`);
  assert.ok(fid < fid100 - 5, `the bias shrinks with n: ${fid} at 300 vs ${fid100} at 100`);

  const kid = kernelInceptionDistance(real, fake, { subsets: 10, subsetSize: 100, seed: 0 });
  assert.equal(kid.values.length, 10);
  assert.equal(kid.subsetSize, 100);
  const { precision, recall } = precisionRecall(real, fake);
  assert.ok(precision > 0.5 && precision <= 1 && recall > 0.5 && recall <= 1, `real vs real digits: P ${precision}, R ${recall}`);

  const probabilities = await mnistClassProbabilities(held.images, { classifier });
  const is = inceptionScore(probabilities).mean;
  assert.ok(is > 8 && is <= 10, `balanced, confidently classified digits score near 10: ${is}`);
  const { classesCovered, klToUniform } = classCoverage(probabilities);
  assert.equal(classesCovered, 10);
  assert.ok(klToUniform >= 0 && klToUniform < 0.01, `a class-balanced prefix is nearly uniform: ${klToUniform}`);

  const ones = tf.tidy(() => tf.gather(held.images, tf.tensor1d(new Array<number>(50).fill(1), 'int32')) as tf.Tensor4D);
  const onesProbabilities = await mnistClassProbabilities(ones, { classifier });
  assert.ok(inceptionScore(onesProbabilities).mean < 1.1, 'a collapsed generator scores near 1');
  assert.equal(classCoverage(onesProbabilities).classesCovered, 1);

  tf.dispose([viaLayer, real, fake, asFunction, probabilities, ones, onesProbabilities, train.images, train.labels, held.images, held.labels]);
  classifier.dispose();
});

test('metrics guide: mode coverage of ring8 samples', () => {
  const { samples } = ring8({ count: 2500, seed: 5 });
  const { modesCaptured, highQualityFraction, reverseKl } = modeCoverage(samples, { modes: ring8Modes(), std: 0.01 });
  assert.equal(modesCaptured, 8);
  assert.ok(highQualityFraction > 0.98, `real points lie within 3σ: ${highQualityFraction}`);
  assert.ok(reverseKl >= 0 && reverseKl < 0.01, `real points spread evenly: ${reverseKl}`);
  samples.dispose();
});
