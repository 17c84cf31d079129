import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ModulatedConv2D } from '../../src/layers/modulated_conv2d.js';
import { assertDerivativesAgree, compareInputGradient } from '../gradients/finite_differences.js';
import { assertClose, assertRoundTrip, fixedValues, modelAround } from './layer_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

const [N, H, W, CIN, WDIM] = [3, 4, 5, 2, 6];

function inputs(seed: number): { x: tf.Tensor4D; w: tf.Tensor2D } {
  return {
    x: tf.tensor4d(fixedValues(N * H * W * CIN, seed), [N, H, W, CIN]),
    w: tf.tensor2d(fixedValues(N * WDIM, seed + 1).map((v) => 2 * v), [N, WDIM]),
  };
}

/** The layer's output computed the direct way: sample n convolved with its own kernel w''_n, plus the bias. */
function perSampleConvolution(x: tf.Tensor4D, kernels: tf.Tensor, bias: tf.Tensor | undefined): tf.Tensor {
  return tf.tidy(() => tf.concat(Array.from({ length: x.shape[0] }, (_, n) => {
    const y = tf.conv2d(tf.slice(x, [n, 0, 0, 0], [1, -1, -1, -1]), tf.squeeze(tf.slice(kernels, [n, 0, 0, 0, 0], [1, -1, -1, -1, -1]), [0]) as tf.Tensor4D, 1, 'same');
    return bias === undefined ? y : tf.add(y, bias);
  }), 0));
}

describe('ModulatedConv2D', () => {
  it('demodulated weights have unit norm per output channel, for every sample', () => {
    const layer = new ModulatedConv2D({ filters: 4, kernelSize: 3, seed: 1 });
    const { x, w } = inputs(1);
    tf.dispose(layer.apply([x, w]) as tf.Tensor);
    const kernels = layer.modulatedWeights(w);
    assert.deepEqual(kernels.shape, [N, 3, 3, CIN, 4]);
    const norms = tf.tidy(() => tf.sqrt(tf.sum(tf.square(kernels), [1, 2, 3])));
    assertClose(norms.dataSync(), new Array(N * 4).fill(1), 1e-5, '‖w″_{n,·,·,·,o}‖');
    tf.dispose([x, w, kernels, norms]);
  });

  it('styles are the affine map A·w/√wDim + b_A with b_A initialised to 1; the modulated kernel is c·W·s (no demodulation)', () => {
    const layer = new ModulatedConv2D({ filters: 2, kernelSize: 1, demodulate: false, seed: 2 });
    const { x, w } = inputs(3);
    tf.dispose(layer.apply([x, w]) as tf.Tensor);
    const [kernel, affine, affineBias] = layer.getWeights().map((t) => t.arraySync()) as [number[][][][], number[][], number[]];
    assert.deepEqual(affineBias, [1, 1]);
    const wRows = w.arraySync();
    const styles = wRows.map((row) => [0, 1].map((i) => row.reduce((s, v, d) => s + v * affine[d]![i]!, 0) / Math.sqrt(WDIM) + 1));
    const computed = layer.styles(w);
    assertClose(computed.dataSync(), styles.flat(), 1e-5, 'styles');
    const kernels = layer.modulatedWeights(w);
    const c = 1 / Math.sqrt(CIN);
    const expected = styles.flatMap((s) => [0, 1].flatMap((i) => [0, 1].map((o) => c * kernel[0]![0]![i]![o]! * s[i]!)));
    assertClose(kernels.dataSync(), expected, 1e-5, 'c·W·s');
    tf.dispose([x, w, computed, kernels]);
  });

  for (const demodulate of [true, false]) {
    it(`the batched computation equals a convolution of each sample with its own kernel (demodulate: ${demodulate})`, () => {
      const layer = new ModulatedConv2D({ filters: 3, kernelSize: 3, demodulate, seed: 4 });
      const { x, w } = inputs(5);
      tf.dispose(layer.apply([x, w]) as tf.Tensor);
      // Give the bias a non-zero value so that it is checked too.
      const bias = tf.tensor1d([0.1, -0.2, 0.3]);
      layer.setWeights([...layer.getWeights().slice(0, 3), bias]);
      const y = layer.apply([x, w]) as tf.Tensor;
      const kernels = layer.modulatedWeights(w);
      const direct = perSampleConvolution(x, kernels, bias);
      assertClose(y.dataSync(), direct.dataSync(), 1e-5, 'output');
      tf.dispose([x, w, y, kernels, direct, bias]);
    });
  }

  it('reads w number styleIndex of a [batch, numWs, wDim] style input', () => {
    const layer = new ModulatedConv2D({ filters: 2, kernelSize: 3, styleIndex: 1, seed: 6 });
    const { x, w } = inputs(7);
    const other = tf.tensor2d(fixedValues(N * WDIM, 8), [N, WDIM]);
    const ws = tf.stack([other, w, other], 1);
    const fromStack = layer.apply([x, ws]) as tf.Tensor;
    const copy = new ModulatedConv2D({ filters: 2, kernelSize: 3, seed: 6 });
    const fromW = copy.apply([x, w]) as tf.Tensor;
    assertClose(fromStack.dataSync(), fromW.dataSync(), 1e-6, 'same w, same output');
    assert.throws(() => new ModulatedConv2D({ filters: 2, kernelSize: 3, name: 'needs_index' }).apply([x, ws]), /'needs_index': a style input \[batch, 3, 6\] needs args\.styleIndex in \[0, 3\)/);
    tf.dispose([x, w, other, ws, fromStack, fromW]);
  });

  it('gradients with respect to the images and to w match central differences', () => {
    const layer = new ModulatedConv2D({ filters: 2, kernelSize: 3, seed: 9 });
    const x = tf.tensor4d(fixedValues(2 * 3 * 3 * 2, 10), [2, 3, 3, 2]);
    const w = tf.tensor2d(fixedValues(2 * 4, 11), [2, 4]);
    const r = tf.tensor4d(fixedValues(2 * 3 * 3 * 2, 12), [2, 3, 3, 2]);
    const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(layer.apply([a, b]) as tf.Tensor, r));
    assertDerivativesAgree(compareInputGradient((z) => loss(z, w), x, 1e-2), '∂/∂x');
    assertDerivativesAgree(compareInputGradient((z) => loss(x, z), w, 1e-2), '∂/∂w');
    tf.dispose([x, w, r]);
  });

  it('refuses bad arguments and inputs', () => {
    assert.throws(() => new ModulatedConv2D({ filters: 2, kernelSize: 4 }), /args\.kernelSize must be odd/);
    assert.throws(() => new ModulatedConv2D({ filters: 2, kernelSize: 3, styleIndex: -1 }), /args\.styleIndex must be an integer ≥ 0/);
    assert.throws(() => new ModulatedConv2D({ filters: 2, kernelSize: 3 }).apply(tf.zeros([1, 2, 2, 1])), /inputs must be \[images \[batch, h, w, C_in\], w \[batch, wDim\]\]/);
    assert.throws(() => new ModulatedConv2D({ filters: 2, kernelSize: 3 }).modulatedWeights(tf.zeros([1, 2])), /not built yet/);
  });

  it('survives save → load', async () => {
    const layer = new ModulatedConv2D({ filters: 3, kernelSize: 3, styleIndex: 1, epsilon: 1e-6, seed: 3 });
    const model = modelAround(layer, [[4, 4, 2], [2, 5]]);
    const x = tf.randomNormal([2, 4, 4, 2], 0, 1, 'float32', 1);
    const ws = tf.randomNormal([2, 2, 5], 0, 1, 'float32', 2);
    await assertRoundTrip(model, [x, ws], (loaded) => {
      const copy = loaded.layers[2] as ModulatedConv2D;
      assert.deepEqual([copy.filters, copy.kernelSize, copy.demodulate, copy.styleIndex, copy.epsilon], [3, 3, true, 1, 1e-6]);
    });
    tf.dispose([x, ws]);
    model.dispose();
  });
});
