import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { NoiseInjection } from '../../src/layers/noise_injection.js';
import { SeededRandom } from '../../src/utils/random.js';
import { assertClose, assertRoundTrip, fixedValues, modelAround, saveAndLoad } from './layer_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

/** A built layer with per-channel strengths [0.5, −2, 0]. */
function layerWithStrengths(seed = 1): { layer: NoiseInjection; x: tf.Tensor4D } {
  const layer = new NoiseInjection({ seed });
  const x = tf.tensor4d(fixedValues(2 * 3 * 2 * 3, 4), [2, 3, 2, 3]);
  tf.dispose(layer.apply(x) as tf.Tensor);
  const strength = tf.tensor1d([0.5, -2, 0]);
  layer.setWeights([strength, ...layer.getWeights().slice(1)]);
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

  it("'random': call k draws from the stream seeded (seed, k), so calls differ and equal seeds repeat", () => {
    const { layer, x } = layerWithStrengths(3);
    const { layer: twin } = layerWithStrengths(3);
    const first = layer.apply(x) as tf.Tensor;
    const second = layer.apply(x) as tf.Tensor;
    assert.notDeepEqual(Array.from(second.dataSync()), Array.from(first.dataSync()), 'fresh noise in each call');
    const twinFirst = twin.apply(x) as tf.Tensor;
    assert.deepEqual(Array.from(twinFirst.dataSync()), Array.from(first.dataSync()), 'same seed, same first noise');
    // layerWithStrengths made one call (k = 0) before: the calls above are k = 1 and 2.
    const reference = new SeededRandom('3/2');
    const nu = Array.from({ length: 12 }, () => reference.normal());
    assertClose(second.dataSync(), Array.from(x.dataSync(), (v, i) => v + [0.5, -2, 0][i % 3]! * nu[Math.floor(i / 3)]!), 1e-5, 'stream values');
    assert.deepEqual(Array.from(layer.getWeights()[2]!.dataSync()), [3], 'the call count');
    tf.dispose([x, first, second, twinFirst]);
  });

  it('a SeededRandom source: the layers draw from the caller\'s stream', () => {
    const { layer, x } = layerWithStrengths(5);
    layer.noise = new SeededRandom(11);
    const a = layer.apply(x) as tf.Tensor;
    layer.noise = new SeededRandom(11);
    const b = layer.apply(x) as tf.Tensor;
    assert.deepEqual(Array.from(b.dataSync()), Array.from(a.dataSync()));
    const reference = new SeededRandom(11);
    const nu = Array.from({ length: 12 }, () => reference.normal());
    assertClose(a.dataSync(), Array.from(x.dataSync(), (v, i) => v + [0.5, -2, 0][i % 3]! * nu[Math.floor(i / 3)]!), 1e-5, 'stream values');
    tf.dispose([x, a, b]);
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

  it('survives save → load: strengths, the constant noise image, and the call count (the next random noise)', async () => {
    const layer = new NoiseInjection({ seed: 7 });
    const model = modelAround(layer, [[3, 2, 3]]);
    const strength = tf.tensor1d([1, 2, 3]);
    layer.setWeights([strength, ...layer.getWeights().slice(1)]);
    const x = tf.randomNormal([2, 3, 2, 3], 0, 1, 'float32', 1);
    tf.dispose([model.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor]);   // two 'random' calls
    const loaded = await saveAndLoad(model);
    const copy = loaded.layers[1] as NoiseInjection;
    assert.equal(copy.noise, 'random', 'the source is run-time state: a loaded layer starts with random');
    assert.equal(copy.seed, 7);
    const [next, nextLoaded] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    assert.deepEqual(Array.from(nextLoaded.dataSync()), Array.from(next.dataSync()), 'the loaded layer draws the noise the original draws next');
    tf.dispose([next, nextLoaded]);
    loaded.dispose();
    layer.noise = 'const';
    await assertRoundTrip(model, [x], (copyModel) => {
      assert.deepEqual(Array.from(copyModel.layers[1]!.getWeights()[0]!.dataSync()), [1, 2, 3]);
    }, (copyModel) => {
      (copyModel.layers[1] as NoiseInjection).noise = 'const';
    });
    tf.dispose([strength, x]);
    model.dispose();
  });
});
