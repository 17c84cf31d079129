import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { PixelNormalization } from '../../src/layers/pixel_normalization.js';
import { assertClose, assertRoundTrip, fixedValues, modelAround } from './layer_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

describe('PixelNormalization', () => {
  it('divides every pixel\'s feature vector by its root mean square (hand computation)', () => {
    const values = fixedValues(2 * 2 * 3 * 4, 3);
    const x = tf.tensor4d(values, [2, 2, 3, 4]);
    const y = new PixelNormalization().apply(x) as tf.Tensor;
    const expected: number[] = [];
    for (let p = 0; p < values.length; p += 4) {
      const v = values.slice(p, p + 4);
      const rms = Math.sqrt(v.reduce((s, a) => s + a * a, 0) / 4 + 1e-8);
      expected.push(...v.map((a) => a / rms));
    }
    assertClose(y.dataSync(), expected, 1e-6, 'pixel norm');
    // Every feature vector has unit mean square afterwards.
    const meanSquares = tf.mean(tf.square(y), -1);
    assertClose(meanSquares.dataSync(), new Array(12).fill(1), 1e-5, 'mean square');
    tf.dispose([x, y, meanSquares]);
  });

  it('normalizes vectors [batch, D] (StyleGAN\'s z) with the configured ε', () => {
    const x = tf.tensor2d([[3, 4], [0, 0]]);
    const y = new PixelNormalization({ epsilon: 1 }).apply(x) as tf.Tensor;
    // [3, 4]: mean square 12.5, + ε = 13.5; [0, 0] stays 0.
    assertClose(y.dataSync(), [3 / Math.sqrt(13.5), 4 / Math.sqrt(13.5), 0, 0], 1e-6, 'vectors');
    tf.dispose([x, y]);
  });

  it('refuses a non-positive ε', () => {
    assert.throws(() => new PixelNormalization({ epsilon: 0 }), /PixelNormalization: args\.epsilon must be a finite number > 0, but got 0/);
  });

  it('survives save → load', async () => {
    const model = modelAround(new PixelNormalization({ epsilon: 1e-6 }), [[2, 2, 3]]);
    const x = tf.randomNormal([2, 2, 2, 3], 0, 1, 'float32', 1);
    await assertRoundTrip(model, [x], (loaded) => {
      assert.equal((loaded.layers[1] as PixelNormalization).epsilon, 1e-6);
    });
    x.dispose();
    model.dispose();
  });
});
