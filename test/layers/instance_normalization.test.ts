import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useCpu } from '../helpers/backend.js';
import { outputsOf, roundTrip } from '../helpers/model_round_trip.js';
import { InstanceNormalization } from '../../src/layers/instance_normalization.js';

await useCpu();

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tol, `${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (±${tol})`);
  }
}

test('a 2×2 channel by hand: (x − 2.5) / √(1.25 + ε)', () => {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const y = new InstanceNormalization().apply(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])) as tf.Tensor;
    const s = Math.sqrt(1.25 + 1e-5);
    close(y.dataSync(), [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s], 1e-6, 'y');
    // A constant channel becomes 0; ε = 0.5 shows in the scale.
    const z = new InstanceNormalization({ epsilon: 0.5 }).apply(tf.tensor4d([7, 1, 7, 3], [1, 2, 1, 2])) as tf.Tensor;
    close(z.dataSync(), [0, -1 / Math.sqrt(1.5), 0, 1 / Math.sqrt(1.5)], 1e-6, 'z');
  });
  assert.equal(tf.memory().numTensors, before);
});

test('every channel of every sample has mean 0 and variance σ²/(σ² + ε) over its pixels', () => {
  tf.tidy(() => {
    // Channels with very different offsets and scales per sample.
    const base = tf.randomNormal([3, 5, 4, 4], 0, 1, 'float32', 2);
    const x = tf.add(tf.mul(base, tf.tensor1d([0.1, 1, 10, 100])), tf.tensor1d([-50, 0, 3, 1000]));
    const layer = new InstanceNormalization();
    const y = layer.apply(x) as tf.Tensor;
    const { mean: xMean, variance: xVar } = tf.moments(x, [1, 2]);
    const { mean, variance } = tf.moments(y, [1, 2]);
    close(mean.dataSync(), new Float32Array(12), 1e-4, 'mean');
    const expected = Array.from(xVar.dataSync(), (v) => v / (v + 1e-5));
    close(variance.dataSync(), expected, 2e-4, 'variance');
    assert.ok(Math.min(...expected) < 0.999 && Math.min(...expected) > 0.99, 'the 0.1-scaled channel shows ε');
    assert.ok(xMean.dataSync().some((m) => Math.abs(m) > 100), 'the input was not normalized to begin with');
    // Each sample is normalized on its own: the first sample alone gives the same output as in the batch.
    const alone = layer.apply(tf.slice(x, 0, 1)) as tf.Tensor;
    close(alone.dataSync(), tf.slice(y, 0, 1).dataSync(), 1e-6, 'sample 0 alone');
    // Training and inference compute the same function.
    close((layer.apply(x, { training: true }) as tf.Tensor).dataSync(), y.dataSync(), 0, 'training');
  });
});

test('rank 3 inputs ([batch, width, channels]) are normalized over their one spatial axis', () => {
  tf.tidy(() => {
    const y = new InstanceNormalization({ epsilon: 1e-3 }).apply(tf.tensor3d([0, 10, 2, 20, 4, 30], [1, 3, 2])) as tf.Tensor;
    const s0 = Math.sqrt(8 / 3 + 1e-3);
    const s1 = Math.sqrt(200 / 3 + 1e-3);
    close(y.dataSync(), [-2 / s0, -10 / s1, 0, 0, 2 / s0, 10 / s1], 1e-5, 'y');
  });
});

test('affine: γ scales and β shifts each channel; weights named gamma and beta', () => {
  const layer = new InstanceNormalization({ affine: true });
  const x = tf.tensor4d([1, 5, 3, 5], [1, 2, 1, 2]);
  tf.dispose(layer.apply(x) as tf.Tensor);
  assert.deepEqual(layer.weights.map((w) => w.originalName.split('/').pop()), ['gamma', 'beta']);
  assert.deepEqual(Array.from(layer.getWeights()[0]!.dataSync()), [1, 1]);
  assert.deepEqual(Array.from(layer.getWeights()[1]!.dataSync()), [0, 0]);
  layer.setWeights([tf.tensor1d([2, 3]), tf.tensor1d([-1, 4])]);
  tf.tidy(() => {
    const s = Math.sqrt(1 + 1e-5);
    // Channel 0 is 1, 3 (mean 2, variance 1); channel 1 is constant 5.
    close((layer.apply(x) as tf.Tensor).dataSync(), [-2 / s - 1, 4, 2 / s - 1, 4], 1e-5, 'y');
  });
  x.dispose();
});

test('bad arguments and inputs are refused with what was seen', () => {
  assert.throws(() => new InstanceNormalization({ epsilon: 0 }), /InstanceNormalization: args.epsilon must be a finite number > 0, but got 0/);
  assert.throws(() => new InstanceNormalization({ affine: 'yes' as unknown as boolean }), /args.affine must be true or false/);
  assert.throws(() => new InstanceNormalization().apply(tfl.input({ shape: [4] })), /at least one spatial axis.*\[null,4\]/);
});

test('save → load keeps ε, affine, γ, β and the outputs', async () => {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', inputShape: [5, 5, 2], kernelInitializer: tfl.initializers.glorotNormal({ seed: 4 }) }),
      new InstanceNormalization({ affine: true, epsilon: 1e-3 }),
      new InstanceNormalization(),
    ],
  });
  const first = model.layers[1]!;
  first.setWeights([tf.tensor1d([0.5, 2, -1]), tf.tensor1d([0.1, 0.2, 0.3])]);
  const loaded = await roundTrip(model);
  const [a, b] = [loaded.layers[1], loaded.layers[2]] as InstanceNormalization[];
  assert.ok(a instanceof InstanceNormalization && b instanceof InstanceNormalization);
  assert.equal(a.affine, true);
  assert.equal(a.epsilon, 1e-3);
  assert.equal(b.affine, false);
  assert.equal(b.weights.length, 0);
  assert.deepEqual(Array.from(a.getWeights()[0]!.dataSync()), [0.5, 2, -1]);
  const x = tf.randomNormal([2, 5, 5, 2], 0, 1, 'float32', 5);
  // The second, plain normalization undoes γ and β: compare the affine layer's output instead.
  const partial = (m: tfl.LayersModel) => tfl.model({ inputs: m.inputs, outputs: m.layers[1]!.output as tfl.SymbolicTensor });
  assert.deepEqual(outputsOf(partial(loaded), x, true), outputsOf(partial(model), x, true));
  assert.deepEqual(outputsOf(loaded, x, false), outputsOf(model, x, false));
  x.dispose();
  model.dispose();
  loaded.dispose();
});

/** The normalization written with plain ops, whose gradients tfjs derives: the reference for the layer's own. */
function plainInstanceNorm(x: tf.Tensor): tf.Tensor {
  const centred = tf.sub(x, tf.mean(x, [1, 2], true));
  return tf.mul(centred, tf.rsqrt(tf.add(tf.mean(tf.square(centred), [1, 2], true), 1e-5)));
}

test('the written-out gradient equals the one tfjs derives from the forward ops, and a gradient of the gradient (R1 through it) is exact', () => {
  const layer = new InstanceNormalization();
  const [x, w, v] = [1, 2, 3].map((seed) => tf.randomNormal([2, 3, 4, 2], 0, 1, 'float32', seed));
  // A non-linear function of the output, so that the second derivative does not vanish.
  const objective = (f: (t: tf.Tensor) => tf.Tensor) => (t: tf.Tensor) => tf.sum(tf.mul(w!, tf.pow(f(t), 3)));
  const ours = (t: tf.Tensor) => layer.apply(t) as tf.Tensor;
  const first = [tf.grad(objective(ours))(x!), tf.grad(objective(plainInstanceNorm))(x!)];
  close(first[0]!.dataSync(), first[1]!.dataSync(), 1e-4, 'first-order gradient');
  const secondOrder = (f: (t: tf.Tensor) => tf.Tensor) => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(v!, tf.grad(objective(f))(t))))(x!);
  const second = [secondOrder(ours), secondOrder(plainInstanceNorm)];
  assert.ok(tf.max(tf.abs(second[1]!)).dataSync()[0]! > 1, 'the second derivative is not trivially 0');
  close(second[0]!.dataSync(), second[1]!.dataSync(), 1e-3, 'second-order gradient');
  const before = tf.memory().numTensors;
  tf.tidy(() => { tf.grad(objective(ours))(x!); });
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked by the gradient');
  tf.dispose([x!, w!, v!, ...first, ...second]);
});
