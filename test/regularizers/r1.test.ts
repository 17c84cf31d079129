import assert from 'node:assert/strict';
import { test } from 'node:test';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { r1Regularizer } from '../../src/regularizers/r1.js';
import { B, disposeInputs, expectedHalfSquaredNorm, REAL, regularizerInputs, W } from './regularizer_test_inputs.js';
import { tanhUnit, tanhUnitGradientNorm } from './tiny_discriminators.js';

await tf.setBackend('cpu');

test('r1Regularizer: ½ · mean ‖∇D(x)‖² on the real batch, as computed by hand', () => {
  const model = tanhUnit(W, B);
  const inputs = regularizerInputs(model);
  const before = tf.memory().numTensors;
  const penalty = r1Regularizer().penalty(inputs);
  assert.deepEqual(penalty.shape, []);
  const expected = expectedHalfSquaredNorm(REAL, (x) => tanhUnitGradientNorm(W, B, x));
  assert.ok(Math.abs(penalty.dataSync()[0]! - expected) <= 1e-6, `${penalty.dataSync()[0]} vs ${expected}`);
  penalty.dispose();
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
  disposeInputs(inputs);
  model.dispose();
});

test('r1Regularizer: weight is γ (default 10), every passes through, bad options are rejected', () => {
  const defaults = r1Regularizer();
  assert.equal(defaults.name, 'r1');
  assert.equal(defaults.weight, 10);
  assert.equal(defaults.every, 1);
  const lazy = r1Regularizer({ weight: 0.2, every: 16 });
  assert.equal(lazy.weight, 0.2);
  assert.equal(lazy.every, 16);
  assert.throws(() => r1Regularizer({ weight: Number.POSITIVE_INFINITY }), /r1Regularizer: options\.weight .* got Infinity/);
  assert.throws(() => r1Regularizer({ every: -2 }), /r1Regularizer: options\.every .* got -2/);
});
