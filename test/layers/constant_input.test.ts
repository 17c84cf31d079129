import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ConstantInput } from '../../src/layers/constant_input.js';
import { assertRoundTrip, modelAround } from './layer_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

describe('ConstantInput', () => {
  it('repeats its learned constant for every sample of the batch; the constant gets the summed gradient', () => {
    const layer = new ConstantInput({ shape: [2, 2, 3], seed: 1 });
    const styles = tf.zeros([4, 5]);
    const y = layer.apply(styles) as tf.Tensor;
    assert.deepEqual(y.shape, [4, 2, 2, 3]);
    const constant = layer.getWeights()[0]!.dataSync();
    const values = y.dataSync();
    for (let n = 0; n < 4; n++) assert.deepEqual(Array.from(values.slice(n * 12, (n + 1) * 12)), Array.from(constant));
    const variable = layer.trainableWeights[0]!.read() as tf.Variable;
    const { grads, value } = tf.variableGrads(() => tf.sum(layer.apply(styles) as tf.Tensor) as tf.Scalar, [variable]);
    assert.deepEqual(Array.from(grads[variable.name]!.dataSync()), new Array(12).fill(4));
    tf.dispose([styles, y, value, ...Object.values(grads)]);
    assert.throws(() => new ConstantInput({ shape: [4, 4] }), /ConstantInput: args\.shape must be \[h, w, c\] of integers ≥ 1 such as \[4, 4, 256\], but got \[4,4\]/);
  });

  it('survives save → load', async () => {
    const model = modelAround(new ConstantInput({ shape: [4, 4, 2], seed: 3 }), [[3]]);
    const x = tf.ones([2, 3]);
    await assertRoundTrip(model, [x], (loaded) => {
      assert.deepEqual((loaded.layers[1] as ConstantInput).shape, [4, 4, 2]);
    });
    x.dispose();
    model.dispose();
  });
});
