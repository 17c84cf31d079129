// unfusedWhileTraining: the same function and gradients as tfjs-layers' fused Dense/Conv2D, but while gradients are
// recorded only the gradients asked for are computed; outside a gradient the stock fused op runs.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { unfusedWhileTraining } from '../../src/layers/unfused_training.js';

before(async () => {
  await tf.setBackend('cpu');
});

/** Frees a layer's weights (a layer that was never applied to a symbolic input cannot be disposed itself). */
function release(...layers: tfl.layers.Layer[]): void {
  for (const layer of layers) for (const weight of layer.weights) weight.dispose();
}

/** Two identical layers (same weights): one stock, one passed through unfusedWhileTraining. */
function pair(make: () => tfl.layers.Layer, inputShape: number[]): { stock: tfl.layers.Layer; unfused: tfl.layers.Layer } {
  const stock = make();
  const unfused = unfusedWhileTraining(make());
  stock.build(inputShape);
  unfused.build(inputShape);
  unfused.setWeights(stock.getWeights());
  return { stock, unfused };
}

const CASES = [
  {
    name: 'Dense(5, relu, bias)',
    make: () => tfl.layers.dense({ units: 5, activation: 'relu', kernelInitializer: tfl.initializers.randomNormal({ seed: 1 }), biasInitializer: tfl.initializers.randomNormal({ seed: 2 }) }),
    inputShape: [3, 4],
  },
  {
    // Linear with a bias: the builders' case, which tfjs-layers runs fused even while recording gradients.
    name: 'Conv2D(3, k3, s2, same, linear, bias)',
    make: () => tfl.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: tfl.initializers.randomNormal({ seed: 3 }), biasInitializer: tfl.initializers.randomNormal({ seed: 4 }) }),
    inputShape: [2, 7, 7, 2],
  },
  {
    name: 'Conv2D(4, k2, s1, valid, no bias)',
    make: () => tfl.layers.conv2d({ filters: 4, kernelSize: 2, padding: 'valid', useBias: false, kernelInitializer: tfl.initializers.randomNormal({ seed: 5 }) }),
    inputShape: [2, 5, 6, 3],
  },
];

for (const c of CASES) {
  test(`${c.name}: same outputs and gradients as the fused layer, same class and config`, () => {
    const { stock, unfused } = pair(c.make, c.inputShape);
    assert.equal(unfused.getClassName(), stock.getClassName());
    const config = (layer: tfl.layers.Layer) => ({ ...layer.getConfig(), name: undefined });
    assert.deepEqual(config(unfused), config(stock));
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = tf.randomNormal(c.inputShape, 0, 1, 'float32', 7);
      const dy = tf.randomNormal((stock.apply(x) as tf.Tensor).shape, 0, 1, 'float32', 8);
      const gradients = (layer: tfl.layers.Layer) => {
        const weights = layer.trainableWeights.map((w) => w.read());
        // The weights are differentiated as the layer reads them (the same tensors), the input as the argument.
        const f = (...inputs: tf.Tensor[]) => layer.apply(inputs[0]!) as tf.Tensor;
        const { value, grads } = tf.valueAndGrads(f)([x, ...weights], dy);
        return [value, ...grads];
      };
      const expected = gradients(stock);
      const actual = gradients(unfused);
      expected.forEach((e, i) => {
        const diff = tf.max(tf.abs(tf.sub(actual[i]!, e))).dataSync()[0]!;
        const scale = Math.max(tf.max(tf.abs(e)).dataSync()[0]!, 1e-6);
        assert.ok(diff <= 1e-5 * scale, `${c.name}: output/gradient ${i} differs by ${diff} (scale ${scale})`);
      });
    });
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
    release(stock, unfused);
  });
}

/** Names of the kernels `f` runs. */
async function kernelsOf(f: () => void): Promise<string[]> {
  const profile = await tf.profile(f);
  return profile.kernels.map((k) => k.name);
}

test('a gradient for the input alone runs no filter gradient; outside a gradient the fused op runs', async () => {
  const { stock, unfused } = pair(CASES[1]!.make, CASES[1]!.inputShape);
  const x = tf.randomNormal(CASES[1]!.inputShape, 0, 1, 'float32', 9);
  const inputGradientKernels = (layer: tfl.layers.Layer) =>
    kernelsOf(() => {
      tf.tidy(() => {
        tf.grad((xi: tf.Tensor) => tf.sum(layer.apply(xi) as tf.Tensor))(x);
      });
    });
  const stockKernels = await inputGradientKernels(stock);
  const unfusedKernels = await inputGradientKernels(unfused);
  assert.equal(stockKernels.filter((k) => k === 'Conv2DBackpropFilter').length, 1, `stock: ${stockKernels.join(', ')}`);
  assert.equal(unfusedKernels.filter((k) => k === 'Conv2DBackpropFilter').length, 0, `unfused: ${unfusedKernels.join(', ')}`);
  assert.equal(unfusedKernels.filter((k) => k === 'Conv2DBackpropInput').length, 1, `unfused: ${unfusedKernels.join(', ')}`);
  const inference = await kernelsOf(() => {
    tf.tidy(() => {
      unfused.apply(x);
    });
  });
  assert.ok(inference.includes('FusedConv2D') && !inference.includes('Conv2D'), `inference: ${inference.join(', ')}`);
  tf.dispose(x);
  release(stock, unfused);
});

test('other layers are returned unchanged', () => {
  const transpose = tfl.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' });
  assert.equal(unfusedWhileTraining(transpose), transpose);
  assert.equal(Object.prototype.hasOwnProperty.call(transpose, 'call'), false);
  const dense = unfusedWhileTraining(tfl.layers.dense({ units: 2 }));
  assert.equal(Object.prototype.hasOwnProperty.call(dense, 'call'), true);
});
