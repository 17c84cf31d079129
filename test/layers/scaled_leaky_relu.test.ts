import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ScaledLeakyReLU } from '../../src/layers/scaled_leaky_relu.js';
import { assertClose, assertRoundTrip, modelAround } from './layer_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

describe('ScaledLeakyReLU', () => {
  it('computes g · max(x, αx)', () => {
    const x = tf.tensor1d([-2, -0.5, 0, 1.5]);
    const y = new ScaledLeakyReLU().apply(x) as tf.Tensor;
    assertClose(y.dataSync(), [-0.4 * Math.SQRT2, -0.1 * Math.SQRT2, 0, 1.5 * Math.SQRT2], 1e-6, 'default α = 0.2, g = √2');
    const z = new ScaledLeakyReLU({ alpha: 0.1, gain: 1 }).apply(x) as tf.Tensor;
    assertClose(z.dataSync(), [-0.2, -0.05, 0, 1.5], 1e-6, 'α = 0.1, g = 1');
    tf.dispose([x, y, z]);
    assert.throws(() => new ScaledLeakyReLU({ gain: 0 }), /ScaledLeakyReLU: args\.gain must be a finite number > 0/);
    assert.throws(() => new ScaledLeakyReLU({ alpha: -1 }), /ScaledLeakyReLU: args\.alpha must be a finite number ≥ 0/);
  });

  it('survives save → load', async () => {
    const model = modelAround(new ScaledLeakyReLU({ alpha: 0.3, gain: 1.5 }), [[3]]);
    const x = tf.randomNormal([4, 3], 0, 1, 'float32', 1);
    await assertRoundTrip(model, [x], (loaded) => {
      const layer = loaded.layers[1] as ScaledLeakyReLU;
      assert.deepEqual([layer.alpha, layer.gain], [0.3, 1.5]);
    });
    x.dispose();
    model.dispose();
  });
});
