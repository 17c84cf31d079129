import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { standingStatistics } from '../../src/trainers/standing_statistics.js';
import { useCpu } from '../helpers/backend.js';

before(useCpu);

function bnModel(): tfl.LayersModel {
  const input = tfl.input({ shape: [2] });
  const output = tfl.layers.batchNormalization({ momentum: 0.9 }).apply(input) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output });
}

test('moving mean / variance become the averages of the passes\' batch statistics, by hand; momentum restored', () => {
  const model = bnModel();
  const before = tf.memory().numTensors;
  const batches = [[[1, 2], [3, 4]], [[0, 0], [2, 8]]];
  // batch means [2, 3] and [1, 4]; population variances [1, 1] and [1, 16].
  const count = standingStatistics(model, (i) => tf.tensor2d(batches[i]!), 2);
  assert.equal(count, 1);
  const [, , movingMean, movingVariance] = model.layers[1]!.getWeights().map((w) => Array.from(w.dataSync()));
  assert.deepEqual(movingMean, [1.5, 3.5]);
  assert.deepEqual(movingVariance, [1, 8.5]);
  assert.equal((model.layers[1] as unknown as { momentum: number }).momentum, 0.9);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks (inputs disposed)');
  model.dispose();
});

test('a model without batch normalization is left alone; passes must be an integer ≥ 1', () => {
  const input = tfl.input({ shape: [2] });
  const model = tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 1 }).apply(input) as tfl.SymbolicTensor });
  const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
  assert.equal(standingStatistics(model, () => tf.ones([3, 2]), 4), 0);
  assert.deepEqual(model.getWeights().map((w) => Array.from(w.dataSync())), weights);
  assert.throws(() => standingStatistics(model, () => tf.ones([3, 2]), 0), /passes must be an integer ≥ 1, saw 0/);
  model.dispose();
});
