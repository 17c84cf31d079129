import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { TrackedMean } from '../../src/layers/tracked_mean.js';
import { assertClose, assertRoundTrip, modelAround } from './layer_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

describe('TrackedMean', () => {
  it('passes its input through and moves w̄ ← β·w̄ + (1 − β)·mean(w) in training calls only', () => {
    const layer = new TrackedMean({ beta: 0.5 });
    const a = tf.tensor2d([[1, 2], [3, 6]]);
    const b = tf.tensor2d([[-4, 0], [0, 0]]);
    const out = layer.apply(a) as tf.Tensor;
    assert.deepEqual(Array.from(out.dataSync()), [1, 2, 3, 6]);
    const untouched = layer.mean();
    assert.deepEqual(Array.from(untouched.dataSync()), [0, 0], 'inference leaves w̄ at 0');
    tf.dispose(layer.apply(a, { training: true }) as tf.Tensor);
    const first = layer.mean();
    assertClose(first.dataSync(), [1, 2], 1e-7, '0.5·0 + 0.5·[2, 4]');
    tf.dispose(layer.apply(b, { training: true }) as tf.Tensor);
    const second = layer.mean();
    assertClose(second.dataSync(), [-0.5, 1], 1e-7, '0.5·[1, 2] + 0.5·[−2, 0]');
    tf.dispose([a, b, out, untouched, first, second]);
  });

  it('is transparent to gradients', () => {
    const layer = new TrackedMean();
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const g = tf.grad((z: tf.Tensor) => tf.sum(tf.square(layer.apply(z, { training: true }) as tf.Tensor)))(x);
    assert.deepEqual(Array.from(g.dataSync()), [2, 4, 6, 8]);
    tf.dispose([x, g]);
    assert.throws(() => new TrackedMean({ beta: 2 }), /TrackedMean: args\.beta must be a number in \[0, 1\], but got 2/);
  });

  it('saves w̄ with the model', async () => {
    const layer = new TrackedMean({ beta: 0.9 });
    const model = modelAround(layer, [[3]]);
    const x = tf.tensor2d([[1, 2, 3]]);
    tf.dispose(model.apply(x, { training: true }) as tf.Tensor);
    await assertRoundTrip(model, [x], (loaded) => {
      const copy = loaded.layers[1] as TrackedMean;
      const mean = copy.mean();
      assertClose(mean.dataSync(), [0.1, 0.2, 0.3], 1e-6, 'w̄ after load');
      assert.equal(copy.beta, 0.9);
      mean.dispose();
    });
    x.dispose();
    model.dispose();
  });
});
