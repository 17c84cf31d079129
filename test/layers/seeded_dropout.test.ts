import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useCpu } from '../helpers/backend.js';
import { roundTrip } from '../helpers/model_round_trip.js';
import { SeededDropout } from '../../src/layers/seeded_dropout.js';

await useCpu();

const run = (layer: tfl.layers.Layer, x: tf.Tensor, training: boolean) => tf.tidy(() => Array.from((layer.apply(x, { training }) as tf.Tensor).dataSync()));

test('training calls zero a fraction p and scale the rest by 1/(1 − p); inference is the identity', () => {
  const layer = new SeededDropout({ rate: 0.25, seed: 1 });
  const x = tf.ones([4000]);
  assert.deepEqual(run(layer, x, false), Array.from(x.dataSync()));
  const y = run(layer, x, true);
  const zeros = y.filter((v) => v === 0).length;
  assert.ok(y.every((v) => v === 0 || Math.abs(v - 4 / 3) < 1e-6), 'kept elements are scaled by 1/(1 − p)');
  // 4000 Bernoulli(0.25): mean 1000, standard deviation ≈ 27; ±5σ.
  assert.ok(Math.abs(zeros - 1000) < 137, `${zeros} of 4000 zeroed`);
  x.dispose();
  layer.dispose();
});

test('each call draws a new mask; the same seed repeats the stream; the call count is a saved weight', async () => {
  const x = tf.ones([1, 64]);
  const model = tfl.sequential({ layers: [new SeededDropout({ rate: 0.5, seed: 9, inputShape: [64] })] });
  const twin = tfl.sequential({ layers: [new SeededDropout({ rate: 0.5, seed: 9, inputShape: [64] })] });
  const first = run(model, x, true);
  const second = run(model, x, true);
  assert.notDeepEqual(second, first, 'a new mask per call');
  assert.deepEqual(run(twin, x, true), first);
  assert.deepEqual(model.getWeights().map((w) => Array.from(w.dataSync())), [[2]]);
  assert.equal(model.trainableWeights.length, 0);
  // A model saved after two calls draws the third mask, as the original does.
  const loaded = await roundTrip(model);
  assert.equal((loaded.layers[0] as SeededDropout).seed, 9);
  assert.deepEqual(run(loaded, x, true), run(model, x, true));
  assert.deepEqual(run(twin, x, true), second);
  x.dispose();
  [model, twin, loaded].forEach((m) => m.dispose());
});

test('bad rates and seeds are refused; an unseeded layer picks and saves a seed', () => {
  assert.throws(() => new SeededDropout({ rate: 1 }), /SeededDropout: args.rate must be a number in \[0, 1\), but got 1/);
  assert.throws(() => new SeededDropout({ rate: 0.5, seed: 1.5 }), /args.seed must be an integer, but got 1.5/);
  const layer = new SeededDropout({ rate: 0.1 });
  assert.ok(Number.isInteger(layer.seed));
  assert.equal(layer.getConfig()['seed'], layer.seed);
});
