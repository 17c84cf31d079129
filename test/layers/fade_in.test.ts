import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { FadeIn } from '../../src/layers/fade_in.js';
import { assertClose, assertRoundTrip, fixedValues, modelAround } from './layer_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

describe('FadeIn', () => {
  it('is exactly the low path at α = 0, exactly the high path at α = 1, and α·high + (1 − α)·low between', () => {
    const low = tf.tensor4d(fixedValues(2 * 2 * 2 * 3, 1), [2, 2, 2, 3]);
    const high = tf.tensor4d(fixedValues(2 * 2 * 2 * 3, 2), [2, 2, 2, 3]);
    const fade = new FadeIn();
    assert.equal(fade.alpha, 0);
    const atZero = fade.apply([low, high]) as tf.Tensor;
    assert.deepEqual(Array.from(atZero.dataSync()), Array.from(low.dataSync()));
    fade.alpha = 1;
    const atOne = fade.apply([low, high]) as tf.Tensor;
    assert.deepEqual(Array.from(atOne.dataSync()), Array.from(high.dataSync()));
    fade.alpha = 0.3;
    assert.ok(Math.abs(fade.alpha - 0.3) < 1e-7);
    const between = fade.apply([low, high]) as tf.Tensor;
    const l = low.dataSync();
    const h = high.dataSync();
    assertClose(between.dataSync(), Array.from(l, (v, i) => 0.3 * h[i]! + 0.7 * v), 1e-6, 'blend');
    tf.dispose([low, high, atZero, atOne, between]);
  });

  it('refuses α outside [0, 1] and inputs of different shapes', () => {
    assert.throws(() => new FadeIn({ alpha: 1.5 }), /FadeIn: args\.alpha must be a number in \[0, 1\], but got 1\.5/);
    const fade = new FadeIn({ name: 'fade_test' });
    assert.throws(() => (fade.alpha = -0.1), /FadeIn 'fade_test': alpha must be a number in \[0, 1\]/);
    assert.throws(() => fade.apply([tf.zeros([1, 2, 2, 1]), tf.zeros([1, 4, 4, 1])]), /inputs must be \[low, high\] of the same shape/);
  });

  it('saves α with the model', async () => {
    const fade = new FadeIn({ alpha: 0.25 });
    const model = modelAround(fade, [[2, 2, 1], [2, 2, 1]]);
    fade.alpha = 0.625;
    const [a, b] = [tf.randomNormal([2, 2, 2, 1], 0, 1, 'float32', 1), tf.randomNormal([2, 2, 2, 1], 0, 1, 'float32', 2)];
    await assertRoundTrip(model, [a, b], (loaded) => {
      assert.equal((loaded.layers[2] as FadeIn).alpha, 0.625);
    });
    tf.dispose([a, b]);
    model.dispose();
  });
});
