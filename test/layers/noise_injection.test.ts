import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { NoiseInjection } from '../../src/layers/noise_injection.js';
import { SeededRandom } from '../../src/utils/random.js';
import { assertClose, assertRoundTrip, fixedValues, modelAround } from './layer_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

/** A built layer with per-channel strengths [0.5, −2, 0]. */
function layerWithStrengths(seed = 1): { layer: NoiseInjection; x: tf.Tensor4D } {
  const layer = new NoiseInjection({ seed });
  const x = tf.tensor4d(fixedValues(2 * 3 * 2 * 3, 4), [2, 3, 2, 3]);
  tf.dispose(layer.apply(x) as tf.Tensor);
  const strength = tf.tensor1d([0.5, -2, 0]);
  layer.setWeights([strength, layer.getWeights()[1]!]);
  strength.dispose();
  return { layer, x };
}

describe('NoiseInjection', () => {
  it('adds one noise image per sample, scaled per channel: y = x + s_c · ν', () => {
    const { layer, x } = layerWithStrengths();
    const noise = tf.tensor4d(fixedValues(2 * 3 * 2, 9), [2, 3, 2, 1]);
    layer.noise = noise;
    const y = layer.apply(x) as tf.Tensor;
    const xs = x.dataSync();
    const nu = noise.dataSync();
    const expected = Array.from(xs, (v, i) => v + [0.5, -2, 0][i % 3]! * nu[Math.floor(i / 3)]!);
    assertClose(y.dataSync(), expected, 1e-6, 'x + s·ν');
    tf.dispose([x, y, noise]);
  });

  it('starts with zero strengths (the identity), so noise has no effect until it is learned', () => {
    const layer = new NoiseInjection({ seed: 2 });
    const x = tf.randomNormal([2, 2, 2, 3], 0, 1, 'float32', 1);
    const y = layer.apply(x) as tf.Tensor;
    assert.deepEqual(Array.from(y.dataSync()), Array.from(x.dataSync()));
    tf.dispose([x, y]);
  });

  it("'random' draws fresh noise from the seeded stream: the same stream state gives the same output on every call", () => {
    const { layer, x } = layerWithStrengths(3);
    layer.random = new SeededRandom(5);
    const first = layer.apply(x) as tf.Tensor;
    const second = layer.apply(x) as tf.Tensor;
    assert.notDeepEqual(Array.from(second.dataSync()), Array.from(first.dataSync()), 'fresh noise in each call');
    layer.random = new SeededRandom(5);
    const again = layer.apply(x) as tf.Tensor;
    assert.deepEqual(Array.from(again.dataSync()), Array.from(first.dataSync()), 'same stream, same noise');
    // The noise is the stream's normals, one per pixel of each sample.
    const reference = new SeededRandom(5);
    const nu = Array.from({ length: 12 }, () => reference.normal());
    assertClose(first.dataSync(), Array.from(x.dataSync(), (v, i) => v + [0.5, -2, 0][i % 3]! * nu[Math.floor(i / 3)]!), 1e-5, 'stream values');
    tf.dispose([x, first, second, again]);
  });

  it("'const' uses the layer's fixed noise image for every sample; 'none' adds nothing", () => {
    const { layer, x } = layerWithStrengths(4);
    layer.noise = 'const';
    const a = layer.apply(x) as tf.Tensor;
    const b = layer.apply(x) as tf.Tensor;
    assert.deepEqual(Array.from(b.dataSync()), Array.from(a.dataSync()));
    const image = layer.getWeights()[1]!.dataSync();
    assertClose(a.dataSync(), Array.from(x.dataSync(), (v, i) => v + [0.5, -2, 0][i % 3]! * image[Math.floor(i / 3) % 6]!), 1e-6, 'constant noise');
    layer.noise = 'none';
    const c = layer.apply(x) as tf.Tensor;
    assert.deepEqual(Array.from(c.dataSync()), Array.from(x.dataSync()));
    tf.dispose([x, a, b, c]);
  });

  it('refuses a given noise tensor of the wrong shape', () => {
    const { layer, x } = layerWithStrengths();
    const wrong = tf.zeros([2, 3, 2, 3]);
    layer.noise = wrong;
    assert.throws(() => layer.apply(x), /a given noise tensor must have shape \[2 or 1, 3, 2, 1\], but has \[2, 3, 2, 3\]/);
    tf.dispose([x, wrong]);
  });

  it('survives save → load (strengths and the constant noise image)', async () => {
    const layer = new NoiseInjection({ seed: 7 });
    const model = modelAround(layer, [[3, 2, 3]]);
    const strength = tf.tensor1d([1, 2, 3]);
    layer.setWeights([strength, layer.getWeights()[1]!]);
    layer.noise = 'const';
    const x = tf.randomNormal([2, 3, 2, 3], 0, 1, 'float32', 1);
    // The noise source is run-time state, not saved: the loaded layer starts with 'random'.
    await assertRoundTrip(model, [x], (loaded) => {
      assert.deepEqual(Array.from(loaded.layers[1]!.getWeights()[0]!.dataSync()), [1, 2, 3]);
    }, (loaded) => {
      assert.equal((loaded.layers[1] as NoiseInjection).noise, 'random');
      (loaded.layers[1] as NoiseInjection).noise = 'const';
    });
    tf.dispose([strength, x]);
    model.dispose();
  });
});
