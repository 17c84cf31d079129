import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { grid25, grid25Modes, ring8Modes } from '../../src/data/mixtures.js';
import { classCoverage } from '../../src/metrics/class_coverage.js';
import { klToUniform } from '../../src/metrics/kl_to_uniform.js';
import { modeCoverage } from '../../src/metrics/mode_coverage.js';

before(async () => {
  await tf.setBackend('cpu');
});

describe('klToUniform', () => {
  it('is 0 for a flat histogram, log K for one full bin, Σ_{p>0} p log(pK) otherwise; NaN with no counts', () => {
    assert.equal(klToUniform([5, 5, 5]), 0);
    assert.ok(Math.abs(klToUniform([0, 12, 0, 0]) - Math.log(4)) < 1e-15);
    // p = (3/4, 1/4, 0, …) over 8 bins: ¾ log 6 + ¼ log 2; the empty bins add nothing.
    assert.ok(Math.abs(klToUniform([3, 1, 0, 0, 0, 0, 0, 0]) - (0.75 * Math.log(6) + 0.25 * Math.log(2))) < 1e-15);
    assert.ok(Number.isNaN(klToUniform([0, 0])));
    assert.throws(() => klToUniform([1, -1]), /counts\[1\] = -1; every count must be a finite number ≥ 0/);
    assert.throws(() => klToUniform([]), /at least one bin/);
  });
});

describe('modeCoverage', () => {
  it('scores hand-placed points on ring8: 2 modes captured, 4 of 6 high quality, KL ¾ log 6 + ¼ log 2', () => {
    const m = ring8Modes();
    const points = tf.tensor2d([
      m[0]!, m[0]!, [m[0]![0]! + 0.029, m[0]![1]!], // mode 0, the last just inside 3σ = 0.03
      [m[1]![0]!, m[1]![1]! + 0.02], // mode 1
      [m[2]![0]!, m[2]![1]! + 0.031], // nearest mode 2 but outside 3σ: not high quality
      [0, 0], // far from every mode
    ]);
    const result = modeCoverage(points, { modes: m, std: 0.01 });
    points.dispose();
    assert.equal(result.modesCaptured, 2);
    assert.ok(Math.abs(result.highQualityFraction - 4 / 6) < 1e-15);
    assert.deepEqual(result.counts, [3, 1, 0, 0, 0, 0, 0, 0]);
    assert.ok(Math.abs(result.reverseKl - (0.75 * Math.log(6) + 0.25 * Math.log(2))) < 1e-12);
  });

  it('gives 25 modes, about 98.9% high quality and KL ≈ 0 for 2,500 real grid25 points', () => {
    const before = tf.memory().numTensors;
    const { samples, modes, std } = grid25({ count: 2500, seed: 9 });
    const result = modeCoverage(samples, { modes, std });
    samples.dispose();
    assert.equal(result.modesCaptured, 25);
    // In 2-D, P(‖ε‖ ≤ 3σ) = 1 − exp(−9/2) ≈ 0.9889; binomial sd over 2,500 points ≈ 0.0021.
    assert.ok(Math.abs(result.highQualityFraction - (1 - Math.exp(-4.5))) < 0.01, `${result.highQualityFraction}`);
    // Multinomial counts of ~100 per mode: E[KL] ≈ (K − 1)/(2N) ≈ 0.005.
    assert.ok(result.reverseKl > 0 && result.reverseKl < 0.02, `KL ${result.reverseKl}`);
    assert.equal(tf.memory().numTensors, before);
  });

  it('reports NaN reverse KL and no captured modes when no sample is high quality; threshold widens the radius', () => {
    // Nearest modes (2, 2) at distance 1.20 and (−2, 0) at 1.27: outside 3σ = 0.15, inside 30σ = 1.5.
    const far = tf.tensor2d([[1.2, 1.1], [-1.1, 0.9]]);
    const none = modeCoverage(far, { modes: grid25Modes(), std: 0.05 });
    assert.equal(none.modesCaptured, 0);
    assert.equal(none.highQualityFraction, 0);
    assert.ok(Number.isNaN(none.reverseKl));
    const wide = modeCoverage(far, { modes: grid25Modes(), std: 0.05, threshold: 30 });
    assert.equal(wide.modesCaptured, 2);
    assert.ok(Math.abs(wide.reverseKl - Math.log(25 / 2)) < 1e-12);
    far.dispose();
  });

  it('names the argument in its errors', () => {
    const x = tf.zeros([3, 3]) as tf.Tensor2D;
    assert.throws(() => modeCoverage(x, { modes: ring8Modes(), std: 0.01 }), /modes\[0\] = \[1, 0\] must be 3 finite numbers/);
    assert.throws(() => modeCoverage(x, { modes: [[0, 0, 0]], std: 0 }), /std must be a finite number > 0, got 0/);
    x.dispose();
  });
});

describe('classCoverage', () => {
  it('counts argmax classes, the classes seen and the histogram KL to uniform', () => {
    // Predicted classes 2, 0, 2, 3 out of 4 (the last row is logits: argmax works the same).
    const scores = tf.tensor2d([[0.1, 0.2, 0.6, 0.1], [0.9, 0, 0.1, 0], [0, 0, 1, 0], [-3, 1, 0.5, 4]]);
    const result = classCoverage(scores);
    scores.dispose();
    assert.deepEqual(result.counts, [1, 0, 2, 1]);
    assert.equal(result.classesCovered, 3);
    assert.ok(Math.abs(result.klToUniform - (0.5 * Math.log(2) + 2 * 0.25 * Math.log(1))) < 1e-15);
  });

  it('sees mode collapse: all samples in one class give coverage 1 and KL log C', () => {
    const scores = tf.cast(tf.oneHot(tf.fill([50], 1, 'int32') as tf.Tensor1D, 10), 'float32') as tf.Tensor2D;
    const result = classCoverage(scores);
    scores.dispose();
    assert.equal(result.classesCovered, 1);
    assert.ok(Math.abs(result.klToUniform - Math.log(10)) < 1e-12);
  });
});
