import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { kernelInceptionDistance, polynomialKernelMmd2 } from '../../src/metrics/kernel_inception_distance.js';
import { SeededRandom } from '../../src/utils/random.js';

before(async () => {
  await tf.setBackend('cpu');
});

/** The cubic kernel of KID, written out for the test: (aᵀb/d + 1)³. */
function kernel(a: number[], b: number[]): number {
  return (a.reduce((t, v, i) => t + v * b[i]!, 0) / a.length + 1) ** 3;
}

/** The biased (V-statistic) MMD²: every pair, diagonals included. Its expectation exceeds the population MMD². */
function biasedMmd2(x: number[][], y: number[][]): number {
  const mean = (p: number[][], q: number[][]): number => p.reduce((t, a) => t + q.reduce((u, b) => u + kernel(a, b), 0), 0) / (p.length * q.length);
  return mean(x, x) + mean(y, y) - 2 * mean(x, y);
}

function meanAndStandardError(values: number[]): { mean: number; se: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, se: Math.sqrt(variance / values.length) };
}

describe('polynomialKernelMmd2', () => {
  it('matches hand-computed values: {0, 1} vs {2, 3} in 1-D gives 1 + 343 − 2·93/4 = 297.5', () => {
    const x = tf.tensor2d([[0], [1]]);
    const y = tf.tensor2d([[2], [3]]);
    // k(0,1) = 1, k(2,3) = 7³ = 343; cross terms k(0,2) = k(0,3) = 1, k(1,2) = 27, k(1,3) = 64.
    assert.ok(Math.abs(polynomialKernelMmd2(x, y) - 297.5) < 1e-9);
    tf.dispose([x, y]);
  });

  it('can be negative: {e1, e2} vs {(1, 1), 0} in 2-D gives 1 + 1 − 2·(2·1.5³ + 2)/4 = −2.375', () => {
    const x = tf.tensor2d([[1, 0], [0, 1]]);
    const y = tf.tensor2d([[1, 1], [0, 0]]);
    assert.ok(Math.abs(polynomialKernelMmd2(x, y) - -2.375) < 1e-9);
    tf.dispose([x, y]);
  });

  it('is unbiased: averages to 0 for two samples of one distribution, where the biased estimator stays positive', () => {
    const random = new SeededRandom(11);
    const unbiased: number[] = [];
    const biased: number[] = [];
    for (let r = 0; r < 300; r++) {
      const draw = (): number[][] => Array.from({ length: 6 }, () => [random.normal(), random.normal(), random.normal()]);
      const x = draw();
      const y = draw();
      const tx = tf.tensor2d(x);
      const ty = tf.tensor2d(y);
      unbiased.push(polynomialKernelMmd2(tx, ty));
      tf.dispose([tx, ty]);
      biased.push(biasedMmd2(x, y));
    }
    const u = meanAndStandardError(unbiased);
    const b = meanAndStandardError(biased);
    assert.ok(Math.abs(u.mean) < 4 * u.se, `unbiased mean ${u.mean} ± ${u.se}`);
    assert.ok(b.mean > 10 * b.se, `biased mean ${b.mean} ± ${b.se}`);
  });

  it('averages to the population MMD² of two discrete distributions (409 for uniform {0, 1} vs uniform {2, 3})', () => {
    // E k(X, X') = (1 + 1 + 1 + 8)/4, E k(Y, Y') = (125 + 2·343 + 1000)/4, E k(X, Y) = 93/4: MMD² = 2.75 + 452.75 − 46.5.
    const random = new SeededRandom(5);
    const values: number[] = [];
    for (let r = 0; r < 300; r++) {
      const x = tf.tensor2d(Array.from({ length: 5 }, () => [random.uniform() < 0.5 ? 0 : 1]));
      const y = tf.tensor2d(Array.from({ length: 5 }, () => [random.uniform() < 0.5 ? 2 : 3]));
      values.push(polynomialKernelMmd2(x, y));
      tf.dispose([x, y]);
    }
    const { mean, se } = meanAndStandardError(values);
    assert.ok(Math.abs(mean - 409) < 4 * se, `mean ${mean} ± ${se}`);
    assert.ok(se < 20, `standard error ${se}`);
  });
});

describe('kernelInceptionDistance', () => {
  it('averages the subsets; with subsets as large as the sets every subset gives the full-set value', () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([[0], [1]]);
    const y = tf.tensor2d([[2], [3]]);
    const kid = kernelInceptionDistance(x, y, { subsets: 3, seed: 4 });
    assert.equal(kid.subsetSize, 2);
    assert.equal(kid.values.length, 3);
    for (const v of kid.values) assert.ok(Math.abs(v - 297.5) < 1e-9);
    assert.ok(Math.abs(kid.mean - 297.5) < 1e-9);
    assert.ok(kid.std < 1e-9);
    tf.dispose([x, y]);
    assert.equal(tf.memory().numTensors, before);
  });

  it('draws seeded subsets: same seed, same values; different seeds, different values; std is their spread', () => {
    const random = new SeededRandom(2);
    const x = random.normalTensor([60, 4]) as tf.Tensor2D;
    const y = tf.add(random.normalTensor([50, 4]), 0.5) as tf.Tensor2D;
    const a = kernelInceptionDistance(x, y, { subsets: 5, subsetSize: 20, seed: 1 });
    const b = kernelInceptionDistance(x, y, { subsets: 5, subsetSize: 20, seed: 1 });
    const c = kernelInceptionDistance(x, y, { subsets: 5, subsetSize: 20, seed: 2 });
    assert.deepEqual(a.values, b.values);
    assert.notDeepEqual(a.values, c.values);
    const mean = a.values.reduce((s, v) => s + v, 0) / 5;
    assert.ok(Math.abs(a.mean - mean) < 1e-12);
    assert.ok(Math.abs(a.std - Math.sqrt(a.values.reduce((s, v) => s + (v - mean) ** 2, 0) / 5)) < 1e-12);
    assert.ok(a.mean > 0, `shifted distributions: KID ${a.mean}`);
    tf.dispose([x, y]);
  });

  it('names the argument in its errors', () => {
    const x = tf.zeros([10, 2]) as tf.Tensor2D;
    const y = tf.zeros([8, 3]) as tf.Tensor2D;
    const z = tf.zeros([8, 2]) as tf.Tensor2D;
    assert.throws(() => kernelInceptionDistance(x, y), /features1 \[10, 2\] and features2 \[8, 3\] must have the same number of features/);
    assert.throws(() => kernelInceptionDistance(x, z, { subsetSize: 9 }), /subsetSize must be an integer in 2 … 8.*got 9/);
    assert.throws(() => kernelInceptionDistance(x, z, { subsets: 0 }), /subsets must be a positive integer, got 0/);
    tf.dispose([x, y, z]);
  });
});
