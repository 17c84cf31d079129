import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { featureMoments, frechetDistance, frechetDistanceFromMoments } from '../../src/metrics/frechet_distance.js';
import { SeededRandom } from '../../src/utils/random.js';

before(async () => {
  await tf.setBackend('cpu');
});

/** n draws of N(mean, diag(std²)) as a [n, d] tensor. */
function diagonalGaussian(random: SeededRandom, n: number, mean: number[], std: number[]): tf.Tensor2D {
  const d = mean.length;
  const values = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) values[i * d + j] = mean[j]! + std[j]! * random.normal();
  return tf.tensor2d(values, [n, d]);
}

const diag = (v: number[]): number[][] => v.map((x, i) => v.map((_, j) => (i === j ? x : 0)));

describe('frechetDistance', () => {
  it('is 0 (two-sided, relative to the trace of Σ) for identical sets, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const x = diagonalGaussian(new SeededRandom(1), 400, [3, -2, 0, 10, 1, 5], [10, 1, 30, 2, 0.1, 7]);
    const fid = frechetDistance(x, x);
    const scale = featureMoments(x).covariance.reduce((t, row, i) => t + row[i]!, 0);
    assert.ok(Math.abs(fid) < 1e-6 * scale, `FID(x, x) = ${fid}, trace ${scale}`);
    x.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it('computes moments with the unbiased (n−1) covariance', () => {
    const x = tf.tensor2d([[1, 2], [3, 5], [0, 1]]);
    const { mean, covariance } = featureMoments(x);
    x.dispose();
    // Column means 4/3 and 8/3; Σ = (1/2)·Σᵢ (xᵢ−μ)(xᵢ−μ)ᵀ.
    assert.ok(Math.abs(mean[0]! - 4 / 3) < 1e-12 && Math.abs(mean[1]! - 8 / 3) < 1e-12);
    const expected = [[7 / 3, 19 / 6], [19 / 6, 13 / 3]];
    covariance.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - expected[i]![j]!) < 1e-12, `Σ[${i}][${j}] = ${v}`)));
  });

  it('gives ‖μ1−μ2‖² + Σ(σ1−σ2)² for diagonal Gaussians, also after a common rotation (commuting Σ)', () => {
    const mu1 = [1, 2, 3];
    const mu2 = [0, 0, 1];
    const s1 = [1, 2, 3];
    const s2 = [2, 1, 0.5];
    const exact = 9 + 8.25; // ‖(1, 2, 2)‖² + (1 + 1 + 6.25)
    const fid = frechetDistanceFromMoments({ mean: mu1, covariance: diag(s1.map((s) => s * s)) }, { mean: mu2, covariance: diag(s2.map((s) => s * s)) });
    assert.ok(Math.abs(fid - exact) < 1e-10, `FID ${fid}`);
    // Σk = Q·diag(sk²)·Qᵀ with a rotation Q about the z axis: the two covariances commute, the distance is unchanged.
    const c = Math.cos(0.4);
    const s = Math.sin(0.4);
    const q = [[c, -s, 0], [s, c, 0], [0, 0, 1]];
    const rotate = (v: number[]): number[][] =>
      q.map((qi) => q.map((qj) => qi.reduce((t, _, k) => t + qi[k]! * v[k]! * v[k]! * qj[k]!, 0)));
    const rotated = frechetDistanceFromMoments({ mean: mu1, covariance: rotate(s1) }, { mean: mu2, covariance: rotate(s2) });
    assert.ok(Math.abs(rotated - exact) < 1e-10, `rotated FID ${rotated}`);
  });

  it('matches the 2×2 closed form Tr(Σ1Σ2)^{1/2} = √(tr Σ1Σ2 + 2√(det Σ1 det Σ2)) for non-commuting covariances', () => {
    // Σ1 = [[2, 1], [1, 2]], Σ2 = diag(1, 4): tr Σ1Σ2 = 10, det Σ1 = 3, det Σ2 = 4.
    const expected = 1 + 4 + 5 - 2 * Math.sqrt(10 + 2 * Math.sqrt(12)); // ‖(1, −2)‖² = 5 … plus Tr Σ1 + Tr Σ2 = 4 + 5
    const fid = frechetDistanceFromMoments({ mean: [1, 0], covariance: [[2, 1], [1, 2]] }, { mean: [0, 2], covariance: [[1, 0], [0, 4]] });
    assert.ok(Math.abs(fid - (expected + 4)) < 1e-12, `FID ${fid}, expected ${expected + 4}`);
  });

  it('estimates the closed form from 20,000 samples of each Gaussian within 5 standard errors', () => {
    // Per coordinate j, FID ≈ (m1−m2)² + (s1−s2)² with sample means m and sample standard deviations s.
    // Delta method: sd((m1−m2)²) ≈ 2|Δμ|·√((σ1²+σ2²)/n) and sd((s1−s2)²) ≈ 2|σ1−σ2|·√((σ1²+σ2²)/(2n));
    // summed over j this gives sd ≈ 0.14 here. Off-diagonal sample covariances (O(1/√n)) enter only at O(1/n), and
    // the bias Σ(σ1²+σ2²)/n ≈ 0.001 is far below the tolerance.
    const n = 20000;
    const mu1 = [1, 2, 3];
    const mu2 = [0, 0, 1];
    const s1 = [1, 2, 3];
    const s2 = [2, 1, 0.5];
    let variance = 0;
    for (let j = 0; j < 3; j++) {
      const v = s1[j]! ** 2 + s2[j]! ** 2;
      variance += (4 * (mu1[j]! - mu2[j]!) ** 2 * v) / n + (4 * (s1[j]! - s2[j]!) ** 2 * v) / (2 * n);
    }
    const sd = Math.sqrt(variance);
    const random = new SeededRandom(7);
    const x = diagonalGaussian(random, n, mu1, s1);
    const y = diagonalGaussian(random, n, mu2, s2);
    const fid = frechetDistance(x, y);
    tf.dispose([x, y]);
    assert.ok(Math.abs(fid - 17.25) < 5 * sd, `FID ${fid}, exact 17.25, sd ${sd}`);
    assert.ok(sd > 0.1 && sd < 0.2, `sd ${sd}`);
  });

  it('names the argument and the shapes in its errors', () => {
    const a = tf.zeros([5, 3]) as tf.Tensor2D;
    const b = tf.zeros([5, 4]) as tf.Tensor2D;
    const one = tf.zeros([1, 3]) as tf.Tensor2D;
    assert.throws(() => frechetDistance(a, b), /frechetDistance: features1 \[5, 3\] and features2 \[5, 4\] must have the same number of features/);
    assert.throws(() => frechetDistance(a, one), /frechetDistance: features2 needs at least 2 row\(s\).*\[1, 3\]/);
    assert.throws(
      () => frechetDistanceFromMoments({ mean: [0, 0], covariance: diag([1, 1]) }, { mean: [0], covariance: [[1]] }),
      /moments2 must have a mean of length 2/,
    );
    tf.dispose([a, b, one]);
  });
});
