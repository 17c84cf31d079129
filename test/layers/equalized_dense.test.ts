import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { EqualizedDense } from '../../src/layers/equalized_dense.js';
import { moments } from '../architectures/model_helpers.js';
import { assertClose, assertRoundTrip, fixedValues, modelAround } from './layer_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

/** y = x · (c·W) + λ·b by hand, in float64. */
function handDense(x: number[][], kernel: number[][], bias: number[], c: number, lambda: number): number[] {
  return x.flatMap((row) => bias.map((b, o) => row.reduce((s, xi, i) => s + xi * c * kernel[i]![o]!, 0) + lambda * b));
}

describe('EqualizedDense', () => {
  it('scales the stored kernel by He\'s constant √2 / √fan_in at run time', () => {
    const layer = new EqualizedDense({ units: 3, seed: 1, biasInit: 0.5 });
    const x = tf.tensor2d(fixedValues(2 * 5, 4), [2, 5]);
    const y = layer.apply(x) as tf.Tensor;
    assert.equal(layer.runtimeScale, Math.SQRT2 / Math.sqrt(5));
    const [kernel, bias] = layer.getWeights();
    assertClose(bias!.dataSync(), [0.5, 0.5, 0.5], 0, 'bias initialised to biasInit');
    const expected = handDense(x.arraySync() as number[][], kernel!.arraySync() as number[][], Array.from(bias!.dataSync()), Math.SQRT2 / Math.sqrt(5), 1);
    assertClose(y.dataSync(), expected, 1e-5, 'output');
    tf.dispose([x, y]);
  });

  it('stores N(0, 1/λ²) weights and scales kernel and bias by λ (lrMultiplier) and the gain', () => {
    const layer = new EqualizedDense({ units: 64, seed: 3, gain: 1, lrMultiplier: 0.01, biasInit: 1 });
    const x = tf.tensor2d(fixedValues(3 * 32, 5), [3, 32]);
    const y = layer.apply(x) as tf.Tensor;
    const [kernel, bias] = layer.getWeights();
    const { mean, std } = moments(kernel!.dataSync());
    assert.ok(Math.abs(mean) < 5 && Math.abs(std / 100 - 1) < 0.05, `stored kernel ~ N(0, 100²): mean ${mean}, std ${std}`);
    assertClose(bias!.dataSync().slice(0, 3), [100, 100, 100], 1e-6, 'bias stored as biasInit / λ');
    assert.equal(layer.runtimeScale, 0.01 / Math.sqrt(32));
    const expected = handDense(x.arraySync() as number[][], kernel!.arraySync() as number[][], Array.from(bias!.dataSync()), 0.01 / Math.sqrt(32), 0.01);
    assertClose(y.dataSync(), expected, 1e-4, 'output');
    tf.dispose([x, y]);
  });

  it('the gradient of the stored kernel is c times that of the effective kernel (the equalized step)', () => {
    const layer = new EqualizedDense({ units: 2, seed: 2, useBias: false });
    const x = tf.tensor2d(fixedValues(4 * 3, 6), [4, 3]);
    const r = tf.tensor2d(fixedValues(4 * 2, 7), [4, 2]);
    tf.dispose(layer.apply(x) as tf.Tensor);
    const kernel = layer.trainableWeights[0]!.read() as tf.Variable;
    const { grads, value } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, r)) as tf.Scalar, [kernel]);
    // ∂/∂W Σ r ⊙ (x · cW) = c · xᵀ r.
    const expected = tf.mul(tf.matMul(x, r, true, false), Math.SQRT2 / Math.sqrt(3));
    assertClose(grads[kernel.name]!.dataSync(), expected.dataSync(), 1e-5, 'gradient');
    tf.dispose([x, r, value, expected, ...Object.values(grads)]);
  });

  it('works on rank-3 inputs and refuses bad arguments', () => {
    const layer = new EqualizedDense({ units: 2, seed: 1 });
    const x = tf.ones([2, 3, 4]);
    const y = layer.apply(x) as tf.Tensor;
    assert.deepEqual(y.shape, [2, 3, 2]);
    tf.dispose([x, y]);
    assert.throws(() => new EqualizedDense({ units: 0 }), /EqualizedDense: args\.units must be an integer ≥ 1, but got 0/);
    assert.throws(() => new EqualizedDense({ units: 2, lrMultiplier: -1 }), /EqualizedDense: args\.lrMultiplier must be a finite number > 0, but got -1/);
    assert.throws(() => new EqualizedDense({ units: 2 }).runtimeScale, /not built yet/);
  });

  it('survives save → load', async () => {
    const model = modelAround(new EqualizedDense({ units: 3, gain: 1, lrMultiplier: 0.1, biasInit: 0.2, seed: 9 }), [[4]]);
    const x = tf.randomNormal([2, 4], 0, 1, 'float32', 1);
    await assertRoundTrip(model, [x], (loaded) => {
      const layer = loaded.layers[1] as EqualizedDense;
      assert.equal(layer.runtimeScale, 0.1 / 2);
      assert.deepEqual(layer.getConfig()['lrMultiplier'], 0.1);
    });
    x.dispose();
    model.dispose();
  });
});
