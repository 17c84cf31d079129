// The snippets of docs/conditional-and-latent.md, run in small form on the cpu backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  ConditionalTrainer, MLPGAN, SeededRandom, cycleLabels, interpolationGrid, slerp, standingStatistics, truncatedLatents,
} from '../../src/index.js';

await tf.setBackend('cpu');

test('conditional guide: AC-GAN head on real data, EMA, standing statistics, then one class per request', async () => {
  const before = tf.memory().numTensors;
  const labels = tf.tensor1d(Array.from({ length: 60 }, (_, i) => i % 3), 'int32');
  const samples = tf.tidy(() => tf.add(tf.mul(new SeededRandom(4).normalTensor([60, 2]), 0.05), tf.stack([tf.cast(labels, 'float32'), tf.zeros([60])], 1)));
  const gan = new MLPGAN({
    sampleShape: [2], latentDim: 4, generatorUnits: [8], discriminatorUnits: [8], generatorNormalization: 'batch', outputActivation: 'linear',
    seed: 1, conditioning: { classes: 3, discriminator: 'acgan', generator: 'concat' },
  });
  const trainer = new ConditionalTrainer(gan, { seed: 1, ema: { decay: 0.9 }, classLossOnGenerated: false });
  await trainer.fit({ samples, labels }, { steps: 3, batchSize: 12 });
  const random = new SeededRandom(2);
  const layers = standingStatistics(trainer.generatorEma!.model, () => [random.normalTensor([30, 4]), tf.tensor2d(cycleLabels(30, [0, 1, 2]), [30, 1], 'int32')], 5);
  assert.equal(layers, 1, 'the generator\'s one batch normalization');
  const twos = trainer.sample(4, { labels: 2 });
  const row = trainer.sample(3, { labels: cycleLabels(3, [0, 1, 2]), seed: 3 });
  assert.deepEqual(twos.shape, [4, 2]);
  assert.deepEqual(row.shape, [3, 2]);
  tf.dispose([twos, row, samples, labels]);
  trainer.dispose();
  gan.generator.dispose();
  gan.discriminator.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('latent guide: slerp midpoint, an interpolation grid of 4 rows × 8, truncated latents within the bound', () => {
  const random = new SeededRandom(1);
  const [a, b] = [random.normalTensor([1, 16]), random.normalTensor([1, 16])];
  const middle = slerp(a, b, 0.5);
  const before = tf.memory().numTensors;
  const [starts, ends] = [random.normalTensor([4, 16]) as tf.Tensor2D, random.normalTensor([4, 16]) as tf.Tensor2D];
  const grid = interpolationGrid(starts, ends, 8);
  assert.deepEqual(grid.shape, [32, 16]);
  const z = truncatedLatents(new SeededRandom(7), [16, 16], 0.5);
  assert.ok(tf.tidy(() => tf.max(tf.abs(z)).dataSync()[0]!) <= 0.5);
  assert.deepEqual(middle.shape, [1, 16]);
  tf.dispose([a, b, middle, grid, z, starts, ends]);
  assert.equal(tf.memory().numTensors, before - 3, 'only a, b and middle, made before the count, are gone');
});
