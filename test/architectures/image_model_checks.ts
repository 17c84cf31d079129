// Checks shared by the image-to-image builder tests (a helper, not a test file).
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { outputsOf, roundTrip } from '../helpers/model_round_trip.js';

/** Saves and loads `model` and asserts identical outputs on `inputs`, in inference and in training mode, and equal weights. */
export async function assertSaveLoadIdentical(model: tfl.LayersModel, inputs: tf.Tensor | tf.Tensor[]): Promise<void> {
  const loaded = await roundTrip(model);
  try {
    assert.deepEqual(loaded.weights.map((w) => w.shape), model.weights.map((w) => w.shape));
    // Compare inference first: a training call updates moving statistics and dropout counters (in both models alike).
    assert.deepEqual(outputsOf(loaded, inputs, false), outputsOf(model, inputs, false), 'inference outputs');
    assert.deepEqual(outputsOf(loaded, inputs, true), outputsOf(model, inputs, true), 'training outputs');
  } finally {
    loaded.dispose();
  }
}

/** Asserts that the gradient of mean(output²) reaches every trainable weight (finite, not all zero), and leaks nothing. */
export function assertEveryWeightLearns(model: tfl.LayersModel, inputs: tf.Tensor | tf.Tensor[]): void {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(model.apply(inputs, { training: true }) as tf.Tensor)) as tf.Scalar, variables);
    assert.ok(Number.isFinite(value.dataSync()[0]!));
    for (const v of variables) {
      const g = grads[v.name];
      assert.ok(g !== undefined, `no gradient for ${v.name}`);
      const norm = tf.norm(g).dataSync()[0]!;
      assert.ok(Number.isFinite(norm) && norm > 0, `gradient of ${v.name} has norm ${norm}`);
    }
  });
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
}

/** The number of trainable parameters. */
export function trainableCount(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
}
