import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { useCpu } from '../helpers/backend.js';
import { roundTrip } from '../helpers/round_trip.js';
import { assertDerivativesAgree, compareVariableGradients } from '../gradients/finite_differences.js';
import { SelfAttention } from '../../src/layers/self_attention.js';

await useCpu();

/** Rows of a [rows, cols] matrix from a tensor. */
function rows(t: tf.Tensor): number[][] {
  return t.arraySync() as number[][];
}

/**
 * SAGAN's block by hand, in loops: x as [N][C] positions, kernels as arrays of rows.
 * s_ij = f(x_i)·g(x_j), β_j,i = softmax_i(s_ij), o_j = v(Σ_i β_j,i h(x_i)), y_j = γ o_j + x_j.
 */
function direct(x: number[][], wf: number[][], wg: number[][], wh: number[][], wv: number[][], gamma: number): number[][] {
  const apply = (p: number[], w: number[][]) => w[0]!.map((_, k) => p.reduce((sum, value, c) => sum + value * w[c]![k]!, 0));
  const [f, g, h] = [x.map((p) => apply(p, wf)), x.map((p) => apply(p, wg)), x.map((p) => apply(p, wh))];
  return x.map((xj, j) => {
    const s = x.map((_, i) => f[i]!.reduce((sum, v, k) => sum + v * g[j]![k]!, 0));
    const top = Math.max(...s);
    const e = s.map((v) => Math.exp(v - top));
    const total = e.reduce((a, b) => a + b, 0);
    const mixed = h[0]!.map((_, k) => x.reduce((sum, __, i) => sum + (e[i]! / total) * h[i]![k]!, 0));
    const o = apply(mixed, wv);
    return xj.map((v, c) => gamma * o[c]! + v);
  });
}

/** A built layer on [batch, height, width, channels] inputs. */
function built(args: ConstructorParameters<typeof SelfAttention>[0], shape: [number, number, number, number]): SelfAttention {
  const layer = new SelfAttention(args);
  tf.dispose(layer.apply(tf.zeros(shape)) as tf.Tensor);
  return layer;
}

function largestSingularValue(w: number[][]): number {
  return new SingularValueDecomposition(new Matrix(w)).diagonal[0]!;
}

test('SelfAttention matches the direct computation in loops, per image, and γ = 0 makes it the identity', () => {
  const layer = built({ seed: 3 }, [2, 2, 3, 16]);
  const before = tf.memory().numTensors;
  const x = tf.randomNormal([2, 2, 3, 16], 0, 1, 'float32', 7);
  // γ starts at 0: y = x exactly.
  const identity = layer.apply(x) as tf.Tensor;
  assert.deepEqual(identity.dataSync(), x.dataSync());
  const weights = layer.getWeights();
  assert.deepEqual(weights.map((w) => w.shape), [[16, 2], [16, 2], [16, 8], [8, 16], []], 'C̄ = C/8, C_h = C/2, γ a scalar');
  const gamma = tf.scalar(0.7);
  layer.setWeights([...weights.slice(0, 4), gamma]);
  const y = layer.apply(x) as tf.Tensor4D;
  const [wf, wg, wh, wv] = weights.slice(0, 4).map(rows);
  for (let b = 0; b < 2; b++) {
    const positions = tf.tidy(() => rows(tf.reshape(tf.slice(x, [b], [1]), [6, 16])));
    const expected = direct(positions, wf!, wg!, wh!, wv!, 0.7);
    const actual = tf.tidy(() => rows(tf.reshape(tf.slice(y, [b], [1]), [6, 16])));
    const error = Math.max(...expected.flatMap((row, j) => row.map((v, c) => Math.abs(v - actual[j]![c]!))));
    assert.ok(error < 1e-5, `image ${b}: max error ${error}`);
    // Not the identity any more: the attention term is of order 1.
    assert.ok(Math.max(...expected.flatMap((row, j) => row.map((v, c) => Math.abs(v - positions[j]![c]!)))) > 0.05);
  }
  tf.dispose([x, identity, y, gamma]); // getWeights() returns the variables themselves, not copies
  assert.equal(tf.memory().numTensors, before);
  layer.dispose();
});

test('SelfAttention with spectral normalization divides each kernel by its largest singular value', () => {
  const layer = built({ seed: 5, spectralNormalization: true, attentionChannels: 3, valueChannels: 5 }, [1, 2, 2, 6]);
  const x = tf.randomNormal([1, 2, 2, 6], 0, 1, 'float32', 8);
  // Training calls run the power iteration; 60 of them converge u for these small kernels.
  for (let i = 0; i < 60; i++) tf.dispose(layer.apply(x, { training: true }) as tf.Tensor);
  const weights = layer.getWeights();
  assert.deepEqual(weights.map((w) => w.shape), [[6, 3], [6, 3], [6, 5], [5, 6], [], [1, 3], [1, 3], [1, 5], [1, 6]]);
  const gamma = tf.scalar(-1.3);
  layer.setWeights([...weights.slice(0, 4), gamma, ...weights.slice(5)]);
  const [wf, wg, wh, wv] = weights.slice(0, 4).map(rows).map((w) => {
    const sigma = largestSingularValue(w);
    return w.map((row) => row.map((v) => v / sigma));
  });
  const expected = direct(rows(tf.reshape(x, [4, 6])), wf!, wg!, wh!, wv!, -1.3);
  const actual = rows(tf.reshape(layer.apply(x) as tf.Tensor, [4, 6]));
  const error = Math.max(...expected.flatMap((row, j) => row.map((v, c) => Math.abs(v - actual[j]![c]!))));
  assert.ok(error < 1e-4, `max error ${error}`);
  tf.dispose([x, gamma]);
  layer.dispose();
});

test('SelfAttention gradients agree with finite differences (kernels and γ, through the softmax and the power iteration)', () => {
  for (const spectralNormalization of [false, true]) {
    const layer = built({ seed: 11, spectralNormalization }, [2, 2, 2, 8]);
    const weights = layer.getWeights();
    const gamma = tf.scalar(0.5);
    layer.setWeights([...weights.slice(0, 4), gamma, ...weights.slice(5)]);
    const x = tf.randomNormal([2, 2, 2, 8], 0, 1, 'float32', 12);
    const r = tf.randomNormal([2, 2, 2, 8], 0, 1, 'float32', 13);
    const variables = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const loss = () => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, r)) as tf.Scalar;
    const comparison = compareVariableGradients(loss, variables, 1e-2, { perVariable: 3 });
    assertDerivativesAgree(comparison, `spectralNormalization ${spectralNormalization}`);
    assert.equal(comparison.kinks, 0);
    tf.dispose([x, r, gamma]);
    layer.dispose();
  }
});

test('SelfAttention survives save → load with identical outputs, its arguments kept', async () => {
  for (const args of [{ seed: 1 }, { seed: 2, spectralNormalization: true, attentionChannels: 2, valueChannels: 3, powerIterations: 2 }]) {
    const input = tfl.input({ shape: [4, 4, 8] });
    const attention = new SelfAttention(args);
    const model = tfl.model({ inputs: input, outputs: attention.apply(input) as tfl.SymbolicTensor });
    const x = tf.randomNormal([2, 4, 4, 8], 0, 1, 'float32', 3);
    tf.dispose(model.apply(x, { training: true }) as tf.Tensor); // moves u
    const gamma = tf.scalar(0.9);
    attention.setWeights([...attention.getWeights().slice(0, 4), gamma, ...attention.getWeights().slice(5)]);
    gamma.dispose();
    const loaded = await roundTrip(model);
    const restored = loaded.layers[1] as SelfAttention;
    assert.ok(restored instanceof SelfAttention);
    assert.deepEqual(restored.getConfig()['attentionChannels'], (args as { attentionChannels?: number }).attentionChannels);
    assert.equal(restored.spectralNormalization, args.spectralNormalization ?? false);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    assert.deepEqual(b.dataSync(), a.dataSync());
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  }
});

test('SelfAttention rejects bad arguments and inputs, naming them', () => {
  assert.throws(() => new SelfAttention({ attentionChannels: 0 }), /SelfAttention: args.attentionChannels must be an integer ≥ 1, but got 0/);
  assert.throws(() => new SelfAttention({ valueChannels: 1.5 }), /args.valueChannels must be an integer ≥ 1, but got 1.5/);
  assert.throws(() => new SelfAttention({ powerIterations: 0 }), /args.powerIterations must be an integer ≥ 1/);
  assert.throws(() => new SelfAttention().apply(tfl.input({ shape: [8] })), /the input must be feature maps \[batch, height, width, channels\], but has shape \[null,8\]/);
});
