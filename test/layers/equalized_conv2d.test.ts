import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { EqualizedConv2D } from '../../src/layers/equalized_conv2d.js';
import { assertClose, assertRoundTrip, fixedValues, modelAround } from './layer_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

/** A 'same' convolution with stride 1 by hand: x [h][w][cin], kernel [k][k][cin][cout] times c, plus bias. */
function handConv(x: number[][][], kernel: number[][][][], bias: number[], c: number): number[] {
  const [h, w, k] = [x.length, x[0]!.length, kernel.length];
  const half = (k - 1) / 2;
  const out: number[] = [];
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let o = 0; o < bias.length; o++) {
    let s = bias[o]!;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
      const [y, z] = [i + a - half, j + b - half];
      if (y < 0 || y >= h || z < 0 || z >= w) continue;
      x[y]![z]!.forEach((v, ci) => (s += v * c * kernel[a]![b]![ci]![o]!));
    }
    out.push(s);
  }
  return out;
}

describe('EqualizedConv2D', () => {
  it('scales the stored kernel by He\'s constant √2 / √(k²·C_in) at run time (hand convolution)', () => {
    const layer = new EqualizedConv2D({ filters: 2, kernelSize: 3, seed: 4, biasInit: 0.1 });
    const x = tf.tensor4d(fixedValues(3 * 4 * 2, 8), [1, 3, 4, 2]);
    const y = layer.apply(x) as tf.Tensor;
    const c = Math.SQRT2 / Math.sqrt(9 * 2);
    assert.equal(layer.runtimeScale, c);
    const [kernel, bias] = layer.getWeights();
    const expected = handConv((x.arraySync() as number[][][][])[0]!, kernel!.arraySync() as number[][][][], Array.from(bias!.dataSync()), c);
    assertClose(y.dataSync(), expected, 1e-5, 'output');
    tf.dispose([x, y]);
  });

  it('a 1×1 convolution with gain 1 and λ = 0.5 is x · (0.5 / √C_in · W) + 0.5 · b', () => {
    const layer = new EqualizedConv2D({ filters: 3, kernelSize: 1, gain: 1, lrMultiplier: 0.5, seed: 1 });
    const x = tf.tensor4d(fixedValues(2 * 2 * 2 * 4, 2), [2, 2, 2, 4]);
    const y = layer.apply(x) as tf.Tensor;
    const [kernel, bias] = layer.getWeights();
    const expected = tf.tidy(() => tf.add(tf.matMul(tf.reshape(x, [-1, 4]), tf.mul(tf.reshape(kernel!, [4, 3]), 0.5 / 2)), tf.mul(bias!, 0.5)));
    assertClose(y.dataSync(), expected.dataSync(), 1e-5, 'output');
    tf.dispose([x, y, expected]);
  });

  it('refuses even kernels and non-image inputs', () => {
    assert.throws(() => new EqualizedConv2D({ filters: 2, kernelSize: 2 }), /args\.kernelSize must be odd/);
    assert.throws(() => new EqualizedConv2D({ filters: 2, kernelSize: 3 }).apply(tf.zeros([2, 3])), /EqualizedConv2D: the input must be images \[batch, height, width, channels\]/);
  });

  it('survives save → load', async () => {
    const model = modelAround(new EqualizedConv2D({ filters: 3, kernelSize: 3, useBias: false, gain: 2, seed: 5 }), [[4, 4, 2]]);
    const x = tf.randomNormal([2, 4, 4, 2], 0, 1, 'float32', 1);
    await assertRoundTrip(model, [x], (loaded) => {
      const layer = loaded.layers[1] as EqualizedConv2D;
      assert.equal(layer.runtimeScale, 2 / Math.sqrt(18));
      assert.equal(layer.useBias, false);
    });
    x.dispose();
    model.dispose();
  });
});
