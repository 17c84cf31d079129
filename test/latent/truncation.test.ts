import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../helpers/backend.js';
import { truncateTowardMean, truncatedLatents } from '../../src/latent/truncation.js';
import { SeededRandom } from '../../src/utils/random.js';

await useCpu();

test('truncatedLatents: every component within the threshold, the moments of the truncated normal, repeatable', () => {
  const before = tf.memory().numTensors;
  const threshold = 0.5;
  const z = truncatedLatents(new SeededRandom(5), [200, 50], threshold);
  assert.deepEqual(z.shape, [200, 50]);
  const values = z.dataSync();
  let max = 0;
  let sumSq = 0;
  for (const v of values) {
    max = Math.max(max, Math.abs(v));
    sumSq += v * v;
  }
  assert.ok(max <= threshold && max > 0.45, `max |z| ${max}`);
  // Variance of N(0, 1) truncated to [−a, a]: 1 − 2aφ(a) / (2Φ(a) − 1); a = 0.5 gives 0.0793.
  const variance = sumSq / values.length;
  assert.ok(Math.abs(variance - 0.0793) < 0.004, `variance ${variance}`);
  const again = truncatedLatents(new SeededRandom(5), [200, 50], threshold);
  assert.deepEqual(again.dataSync(), values);
  tf.dispose([z, again]);
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => truncatedLatents(new SeededRandom(1), [2, 2], 0), /threshold must be a finite number > 0/);
  assert.throws(() => truncatedLatents(new SeededRandom(1), [2, 0], 1), /shape must be/);
  assert.equal(tf.memory().numTensors, before);
});

test('truncateTowardMean: mean + ψ(z − mean), by hand', () => {
  const z = tf.tensor2d([[2, -4], [1, 1]]);
  const mean = tf.tensor1d([1, 0]);
  const before = tf.memory().numTensors;
  const aroundZero = truncateTowardMean(z, 0.5);
  assert.deepEqual(aroundZero.arraySync(), [[1, -2], [0.5, 0.5]]);
  const aroundMean = truncateTowardMean(z, 0.5, mean);
  assert.deepEqual(aroundMean.arraySync(), [[1.5, -2], [1, 0.5]]);
  const same = truncateTowardMean(z, 1, mean);
  assert.deepEqual(same.arraySync(), z.arraySync());
  tf.dispose([aroundZero, aroundMean, same]);
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => truncateTowardMean(z, Number.NaN), /psi must be a finite number/);
  const wrong = tf.tensor1d([1, 2, 3]);
  assert.throws(() => truncateTowardMean(z, 0.7, wrong), /mean must have shape \[2\]/);
  tf.dispose([z, mean, wrong]);
});
