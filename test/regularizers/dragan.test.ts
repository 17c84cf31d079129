import assert from 'node:assert/strict';
import { test } from 'node:test';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { draganRegularizer } from '../../src/regularizers/dragan.js';
import { SeededRandom } from '../../src/utils/random.js';
import { B, disposeInputs, REAL, regularizerInputs, SEED, W } from './regularizer_test_inputs.js';
import { tanhUnit, tanhUnitGradientNorm } from './tiny_discriminators.js';

await tf.setBackend('cpu');

/** DRAGAN by hand: δ = c · std(all real values) · u, u ~ U[0, 1) from the same stream, element by element. */
function expectedPenalty(scale: number, target: number): number {
  const values = REAL.flat();
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
  const random = new SeededRandom(SEED);
  const terms = REAL.map((x) => {
    const perturbed = x.map((v) => v + scale * std * random.uniform());
    return (tanhUnitGradientNorm(W, B, perturbed) - target) ** 2;
  });
  return terms.reduce((a, b) => a + b, 0) / terms.length;
}

test('draganRegularizer: mean (‖∇D(x + δ)‖ − target)² near the real batch, as computed by hand', () => {
  const model = tanhUnit(W, B);
  for (const [perturbationScale, target] of [[0.5, 1], [2, 0.3]] as const) {
    const inputs = regularizerInputs(model);
    const before = tf.memory().numTensors;
    const penalty = draganRegularizer({ perturbationScale, target }).penalty(inputs);
    const expected = expectedPenalty(perturbationScale, target);
    assert.ok(Math.abs(penalty.dataSync()[0]! - expected) <= 1e-5 * Math.max(1, expected),
      `c = ${perturbationScale}: ${penalty.dataSync()[0]} vs ${expected}`);
    penalty.dispose();
    assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
    disposeInputs(inputs);
  }
  model.dispose();
});

test('draganRegularizer: defaults λ = 10, c = 0.5; bad options are rejected', () => {
  const defaults = draganRegularizer();
  assert.equal(defaults.name, 'dragan');
  assert.equal(defaults.weight, 10);
  assert.equal(defaults.every, 1);
  assert.throws(() => draganRegularizer({ perturbationScale: 0 }), /options\.perturbationScale must be a finite number > 0, got 0/);
  assert.throws(() => draganRegularizer({ target: Number.NaN }), /options\.target .* got NaN/);
  assert.throws(() => draganRegularizer({ weight: -3 }), /draganRegularizer: options\.weight .* got -3/);
});
