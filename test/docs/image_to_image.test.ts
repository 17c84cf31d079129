// The snippets of docs/image-to-image.md, run in small form on the wasm backend, and the guide's figures on the
// held-out digits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-wasm';
import {
  ImageHistoryPool, InstanceNormalization, MNIST_CLASSIFIER_FEATURE_LAYER, PixelShuffle, ReflectionPadding2D, SeededRandom,
  cycleConsistencyLoss, identityLoss, leastSquaresGeneratorLoss, loadMnistClassifier, loadMnistEdgePairs,
  loadMnistStrokeDomains, loadMnistSuperResolutionPairs, loadPairedImages, loadUnpairedImages, mnistClassProbabilities,
  patchGanDiscriminator, patchGanReceptiveField, perceptualLoss, psnr, resizeBicubic, resnetGenerator, strokeArea,
  unetGenerator,
} from '../../src/index.js';
import { folderWith, greyPng } from '../helpers/image_files.js';

await tf.setBackend('wasm');

test('image-to-image guide: the layers block, the networks and the loss composition', async () => {
  const block = tfl.sequential({ layers: [
    new ReflectionPadding2D({ padding: 1, inputShape: [14, 14, 16] }),
    tfl.layers.conv2d({ filters: 4 * 16, kernelSize: 3, useBias: false }),
    new InstanceNormalization(),
    new PixelShuffle({ scale: 2 }),
  ] });
  assert.deepEqual(block.outputs[0]!.shape, [null, 28, 28, 16]);

  const dB = patchGanDiscriminator({ imageShape: [28, 28, 1], layers: 1, width: 8, normalization: 'instance', seed: 3 });
  assert.equal(patchGanReceptiveField(1), 16);
  assert.deepEqual(dB.outputs[0]!.shape, [null, 12, 12, 1]);
  for (const [layers, side, expected] of [[1, 256, 126], [2, 256, 62], [3, 256, 30], [1, 32, 14], [2, 32, 6], [3, 32, 2], [2, 28, 5], [3, 28, 1]] as const) {
    const d = patchGanDiscriminator({ imageShape: [side, side, 1], layers, width: 1 });
    assert.equal(d.outputs[0]!.shape[1], expected, `layers ${layers}, side ${side}`);
    d.dispose();
  }
  const pix2pixG = unetGenerator({ imageShape: [28, 28, 1], width: 4, seed: 4 });
  const pix2pixD = patchGanDiscriminator({ imageShape: [28, 28, 1], conditionChannels: 1, layers: 1, width: 4, seed: 5 });
  assert.deepEqual(pix2pixD.inputs.length, 2);

  const gAB = resnetGenerator({ imageShape: [28, 28, 1], width: 4, blocks: 1, seed: 1 });
  const gBA = resnetGenerator({ imageShape: [28, 28, 1], width: 4, blocks: 1, seed: 2 });
  const a = tf.randomUniform([2, 28, 28, 1], -1, 1, 'float32', 1);
  const b = tf.randomUniform([2, 28, 28, 1], -1, 1, 'float32', 2);
  const generatorLoss = tf.tidy(() => {
    const fakeB = gAB.apply(a, { training: true }) as tf.Tensor;
    const adversarial = leastSquaresGeneratorLoss({ fakeLogits: tf.reshape(dB.apply(fakeB) as tf.Tensor, [-1]) });
    const cycle = cycleConsistencyLoss({ real: a, reconstructed: gBA.apply(fakeB, { training: true }) as tf.Tensor });
    const identity = identityLoss({ real: b, mapped: gAB.apply(b, { training: true }) as tf.Tensor });
    return tf.addN([adversarial, tf.mul(10, cycle), tf.mul(5, identity)]);
  });
  assert.equal(generatorLoss.rank, 0);
  assert.ok(Number.isFinite(generatorLoss.dataSync()[0]!) && generatorLoss.dataSync()[0]! > 0);

  const classifier = await loadMnistClassifier();
  const content = perceptualLoss({ features: { model: classifier, layerName: MNIST_CLASSIFIER_FEATURE_LAYER } });
  const featureDistance = content({ target: a, generated: b });
  assert.ok(featureDistance.dataSync()[0]! > 0);
  tf.dispose([a, b, generatorLoss, featureDistance]);
  [block, dB, pix2pixG, pix2pixD, gAB, gBA, classifier].forEach((m) => m.dispose());
});

test('image-to-image guide: the pool and its checkpoint state', () => {
  const pool = new ImageHistoryPool({ imageShape: [28, 28, 1] });
  const random = new SeededRandom(1);
  const fakes = tf.randomUniform([4, 28, 28, 1], -1, 1);
  const forDiscriminator = pool.query(fakes, random);
  assert.deepEqual(forDiscriminator.shape, [4, 28, 28, 1]);
  const saved = { images: pool.images.clone(), state: pool.state() };
  assert.deepEqual(saved.state, { capacity: 50, size: 4 });
  const resumed = new ImageHistoryPool({ imageShape: [28, 28, 1] });
  resumed.images.assign(saved.images);
  resumed.restoreState(saved.state);
  assert.equal(resumed.size, 4);
  tf.dispose([fakes, forDiscriminator, saved.images]);
  pool.dispose();
  resumed.dispose();
});

test('image-to-image guide: your own folders, paired and unpaired', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gan-kit-guide-i2i-'));
  try {
    const trainA = await folderWith(dir, 'horse2zebra/trainA', { '1.png': greyPng(6, 4, () => 10), '2.png': greyPng(4, 4, () => 20) });
    const trainB = await folderWith(dir, 'horse2zebra/trainB', { 'z.jpg.png': greyPng(5, 5, () => 30) });
    const { a, b } = await loadUnpairedImages({ a: trainA, b: trainB }, { height: 4, width: 4, channels: 3 });
    assert.deepEqual([a.images.shape, b.images.shape], [[2, 4, 4, 3], [1, 4, 4, 3]]);
    const facades = await folderWith(dir, 'facades/train', { '1.png': greyPng(8, 4, (x) => (x < 4 ? 0 : 255)) });
    const pairs = await loadPairedImages({ sideBySide: facades, order: 'ba' }, { height: 2, width: 2, channels: 3 });
    assert.ok(Array.from(pairs.a.dataSync()).every((v) => v === 1) && Array.from(pairs.b.dataSync()).every((v) => v === -1), 'A is the right half');
    tf.dispose([a.images, b.images, pairs.a, pairs.b]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('image-to-image guide: the figures of the MNIST-derived domains and of the bicubic baseline (held-out digits)', async () => {
  const classifier = await loadMnistClassifier();
  const accuracy = async (images: tf.Tensor4D, labels: tf.Tensor1D) => {
    const p = await mnistClassProbabilities(images, { classifier });
    const right = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(p, 1), labels), 'float32')).dataSync()[0]!);
    p.dispose();
    return Math.round((1000 * right) / labels.shape[0]) / 10;
  };
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const { a, b } = await loadMnistStrokeDomains({ split: 'test' });
  assert.deepEqual([a.images.shape[0], b.images.shape[0]], [501, 496]);
  assert.deepEqual([await accuracy(a.images, a.labels), await accuracy(b.images, b.labels)], [97.8, 95.6]);
  assert.deepEqual([mean(strokeArea(a.images)).toFixed(4), mean(strokeArea(b.images)).toFixed(4)], ['0.1295', '0.2229']);
  const edges = await loadMnistEdgePairs({ split: 'test' });
  assert.equal(await accuracy(edges.a, edges.labels), 73.8);
  for (const [factor, db, bicubicAccuracy] of [[2, '19.93', 94.3], [4, '14.56', 55.7]] as const) {
    const { a: small, b: digits, labels } = await loadMnistSuperResolutionPairs({ split: 'test', factor });
    const baseline = resizeBicubic(small, { height: 28, width: 28, clamp: [-1, 1] });
    assert.equal(psnr(digits, baseline).mean.toFixed(2), db);
    assert.equal(await accuracy(baseline, labels), bicubicAccuracy);
    tf.dispose([small, digits, labels, baseline]);
  }
  tf.dispose([a.images, a.labels, b.images, b.labels, edges.a, edges.b, edges.labels]);
  classifier.dispose();
});
