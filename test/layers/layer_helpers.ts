// Helpers shared by the tests of gan-kit's ProGAN / StyleGAN2 layers (not a test file).
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Saves `model` into memory and loads it back with tfjs-layers' own loader. */
export async function saveAndLoad(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
}

/** A functional model around one layer with the given input shapes (without batch). */
export function modelAround(layer: tfl.layers.Layer, inputShapes: number[][]): tfl.LayersModel {
  const inputs = inputShapes.map((shape) => tfl.input({ shape }));
  const output = layer.apply(inputs.length === 1 ? inputs[0]! : inputs) as tfl.SymbolicTensor;
  return tfl.model({ inputs, outputs: output });
}

/**
 * Asserts that `model` saved and loaded computes bit-identical outputs on `inputs`, with the same weight names and
 * values; `prepare` sets run-time state that is not saved (such as a noise source) on the loaded model first, `check`
 * inspects it. Disposes the loaded model.
 */
export async function assertRoundTrip(
  model: tfl.LayersModel, inputs: tf.Tensor[],
  check: (loaded: tfl.LayersModel) => void = () => undefined,
  prepare: (loaded: tfl.LayersModel) => void = () => undefined,
): Promise<void> {
  const loaded = await saveAndLoad(model);
  prepare(loaded);
  assert.deepEqual(loaded.weights.map((w) => w.originalName), model.weights.map((w) => w.originalName), 'weight names');
  model.weights.forEach((w, i) => assert.deepEqual(Array.from(loaded.weights[i]!.read().dataSync()), Array.from(w.read().dataSync()), `weight ${w.originalName}`));
  const a = model.predict(inputs.length === 1 ? inputs[0]! : inputs) as tf.Tensor;
  const b = loaded.predict(inputs.length === 1 ? inputs[0]! : inputs) as tf.Tensor;
  assert.deepEqual(b.shape, a.shape);
  assert.deepEqual(Array.from(b.dataSync()), Array.from(a.dataSync()), 'outputs after save → load');
  check(loaded);
  tf.dispose([a, b]);
  loaded.dispose();
}

/** Asserts |actual − expected| ≤ tol · max(1, |expected|) element-wise. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${what}[${i}]: got ${a}, expected ${e} (tol ${tol})`);
  }
}

/** A deterministic pseudo-random array (a fixed linear congruential sequence in [−1, 1)), of float32-exact values. */
export function fixedValues(count: number, seed = 1): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.fround(state / 2 ** 31 - 1);
  });
}
