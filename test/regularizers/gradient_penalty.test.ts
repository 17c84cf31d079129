import assert from 'node:assert/strict';
import { test } from 'node:test';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { gradientPenaltyRegularizer } from '../../src/regularizers/gradient_penalty.js';
import { SeededRandom } from '../../src/utils/random.js';
import { B, disposeInputs, FAKE, REAL, regularizerInputs, SEED, W } from './regularizer_test_inputs.js';
import { tanhUnit, tanhUnitGradientNorm } from './tiny_discriminators.js';

await tf.setBackend('cpu');

/** The WGAN-GP penalty by hand: one ε per sample from the same stream, interpolation, closed-form gradient norm. */
function expectedPenalty(target: number): number {
  const random = new SeededRandom(SEED);
  const terms = REAL.map((x, i) => {
    const eps = random.uniform();
    const point = x.map((v, j) => eps * v + (1 - eps) * FAKE[i]![j]!);
    return (tanhUnitGradientNorm(W, B, point) - target) ** 2;
  });
  return terms.reduce((a, b) => a + b, 0) / terms.length;
}

test('gradientPenaltyRegularizer: mean (‖∇D(x̂)‖ − target)² at per-sample interpolates, as computed by hand', () => {
  const model = tanhUnit(W, B);
  for (const target of [1, 0.5]) {
    const inputs = regularizerInputs(model);
    const before = tf.memory().numTensors;
    const penalty = gradientPenaltyRegularizer({ target }).penalty(inputs);
    assert.deepEqual(penalty.shape, []);
    const value = penalty.dataSync()[0]!;
    const expected = expectedPenalty(target);
    assert.ok(Math.abs(value - expected) <= 1e-5 * Math.max(1, expected), `target ${target}: ${value} vs ${expected}`);
    penalty.dispose();
    assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
    // Exactly one draw per sample was taken from the stream.
    const reference = new SeededRandom(SEED);
    for (let i = 0; i < REAL.length; i++) reference.uniform();
    assert.equal(inputs.random.uniform(), reference.uniform());
    disposeInputs(inputs);
  }
  model.dispose();
});

test('gradientPenaltyRegularizer: defaults λ = 10, every 1; options pass through', () => {
  const defaults = gradientPenaltyRegularizer();
  assert.equal(defaults.name, 'gradient-penalty');
  assert.equal(defaults.weight, 10);
  assert.equal(defaults.every, 1);
  const custom = gradientPenaltyRegularizer({ weight: 2.5, every: 4 });
  assert.equal(custom.weight, 2.5);
  assert.equal(custom.every, 4);
});

test('gradientPenaltyRegularizer: rejects bad options and mismatched batches with errors that say what was wrong', () => {
  assert.throws(() => gradientPenaltyRegularizer({ weight: -1 }), /options\.weight must be a finite number ≥ 0, got -1/);
  assert.throws(() => gradientPenaltyRegularizer({ weight: Number.NaN }), /options\.weight .* got NaN/);
  assert.throws(() => gradientPenaltyRegularizer({ every: 0 }), /options\.every must be a positive integer .* got 0/);
  assert.throws(() => gradientPenaltyRegularizer({ every: 1.5 }), /options\.every .* got 1\.5/);
  assert.throws(() => gradientPenaltyRegularizer({ target: -0.5 }), /options\.target must be a finite number ≥ 0, got -0\.5/);
  const model = tanhUnit(W, B);
  const inputs = regularizerInputs(model);
  const short = { ...inputs, fake: tf.tensor2d([FAKE[0]!]) };
  assert.throws(() => gradientPenaltyRegularizer().penalty(short),
    /gradientPenaltyRegularizer: real and fake must have the same shape, got \[3, 3\] and \[1, 3\]/);
  tf.dispose(short.fake);
  disposeInputs(inputs);
  model.dispose();
});
