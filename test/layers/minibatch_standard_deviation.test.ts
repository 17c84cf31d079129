import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { MinibatchStandardDeviation, groupSizeFor } from '../../src/layers/minibatch_standard_deviation.js';
import { assertDerivativesAgree, compareInputGradient } from '../gradients/finite_differences.js';
import { assertClose, assertRoundTrip, fixedValues, modelAround } from './layer_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

/** The statistic by hand, in float64: sample i belongs to group i mod (N/G); F parts of C/F channels. */
function handStatistics(values: number[], [n, h, w, c]: [number, number, number, number], groupSize: number, features: number): number[][] {
  const at = (i: number, y: number, x: number, ch: number) => values[((i * h + y) * w + x) * c + ch]!;
  const groups = n / groupSize;
  const perSample: number[][] = [];
  for (let i = 0; i < n; i++) {
    const j = i % groups;
    const members = Array.from({ length: groupSize }, (_, g) => g * groups + j);
    perSample.push(Array.from({ length: features }, (_, f) => {
      let total = 0;
      let count = 0;
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = f * (c / features); ch < (f + 1) * (c / features); ch++) {
        const v = members.map((m) => at(m, y, x, ch));
        const mean = v.reduce((a, b) => a + b, 0) / v.length;
        const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
        total += Math.sqrt(variance + 1e-8);
        count++;
      }
      return total / count;
    }));
  }
  return perSample;
}

describe('MinibatchStandardDeviation', () => {
  for (const { groupSize, features, n } of [{ groupSize: 2, features: 1, n: 4 }, { groupSize: 4, features: 2, n: 8 }, { groupSize: 3, features: 1, n: 3 }]) {
    it(`appends the group statistic (G = ${groupSize}, F = ${features}, N = ${n}) as in a hand computation`, () => {
      const shape = [n, 2, 3, 4];
      const values = fixedValues(shape.reduce((a, b) => a * b, 1), 7 + n);
      const x = tf.tensor4d(values, shape as [number, number, number, number]);
      const y = new MinibatchStandardDeviation({ groupSize, features }).apply(x) as tf.Tensor;
      assert.deepEqual(y.shape, [n, 2, 3, 4 + features]);
      const out = y.arraySync() as number[][][][];
      const expected = handStatistics(values, shape as [number, number, number, number], groupSize, features);
      for (let i = 0; i < n; i++) for (let r = 0; r < 2; r++) for (let col = 0; col < 3; col++) {
        assertClose(out[i]![r]![col]!.slice(0, 4), values.slice(((i * 2 + r) * 3 + col) * 4, ((i * 2 + r) * 3 + col) * 4 + 4), 0, 'input passes through');
        assertClose(out[i]![r]![col]!.slice(4), expected[i]!, 1e-5, `statistic of sample ${i}`);
      }
      tf.dispose([x, y]);
    });
  }

  it('uses the largest divisor of the batch that is at most the group size', () => {
    assert.deepEqual([groupSizeFor(8, 4), groupSizeFor(6, 4), groupSizeFor(7, 4), groupSizeFor(2, 4), groupSizeFor(9, 4)], [4, 3, 1, 2, 3]);
    const x = tf.tensor4d(fixedValues(6 * 4, 2), [6, 1, 1, 4]);
    const y = new MinibatchStandardDeviation({ groupSize: 4 }).apply(x) as tf.Tensor;
    const expected = handStatistics(Array.from(x.dataSync()), [6, 1, 1, 4], 3, 1);
    assertClose(tf.slice(y, [0, 0, 0, 4], [6, 1, 1, 1]).dataSync(), expected.map((e) => e[0]!), 1e-5, 'G = 3 for N = 6');
    tf.dispose([x, y]);
  });

  it('refuses channels that do not split into F parts', () => {
    const layer = new MinibatchStandardDeviation({ features: 3 });
    assert.throws(() => layer.apply(tf.zeros([2, 2, 2, 4])), /4 channels cannot be split into args\.features = 3/);
    assert.throws(() => new MinibatchStandardDeviation({ groupSize: 0 }), /args\.groupSize must be an integer ≥ 1, but got 0/);
  });

  it('survives save → load', async () => {
    const model = modelAround(new MinibatchStandardDeviation({ groupSize: 2, features: 2 }), [[2, 2, 4]]);
    const x = tf.randomNormal([4, 2, 2, 4], 0, 1, 'float32', 2);
    await assertRoundTrip(model, [x], (loaded) => {
      const layer = loaded.layers[1] as MinibatchStandardDeviation;
      assert.deepEqual([layer.groupSize, layer.features], [2, 2]);
    });
    x.dispose();
    model.dispose();
  });
});

describe('MinibatchStandardDeviation gradient', () => {
  it('matches central differences', () => {
    const x = tf.tensor4d(fixedValues(4 * 2 * 2 * 2, 11), [4, 2, 2, 2]);
    const r = tf.tensor4d(fixedValues(4 * 2 * 2 * 3, 12), [4, 2, 2, 3]);
    const layer = new MinibatchStandardDeviation({ groupSize: 2 });
    // h below the smallest gap between two group members (0.004): the deviation is not smooth where they meet.
    assertDerivativesAgree(compareInputGradient((z) => tf.sum(tf.mul(layer.apply(z) as tf.Tensor, r)), x, 1e-3), 'minibatch stddev');
    tf.dispose([x, r]);
  });
});
