import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { reduceTerms, resolveLossOptions } from '../../src/losses/reduce.js';
import { sigmoidCrossEntropy } from '../../src/losses/sigmoid_cross_entropy.js';
import { assertClose, assertThrowsMentioning, softplus } from './contract.js';

describe('resolveLossOptions', () => {
  it('fills in the defaults: no smoothing, mean reduction', () => {
    assert.deepEqual(resolveLossOptions('f', undefined), { labelSmoothing: 0, reduction: 'mean' });
    assert.deepEqual(resolveLossOptions('f', {}), { labelSmoothing: 0, reduction: 'mean' });
    assert.deepEqual(resolveLossOptions('f', { labelSmoothing: 0.25, reduction: 'none' }), {
      labelSmoothing: 0.25,
      reduction: 'none',
    });
  });

  it('accepts the loss-specific keys it is told about, and rejects every other key', () => {
    const rules = { extraKeys: ['realTarget'] };
    assert.deepEqual(resolveLossOptions('f', { realTarget: 2 } as never, rules), {
      labelSmoothing: 0,
      reduction: 'mean',
    });
    assertThrowsMentioning(
      () => resolveLossOptions('myLoss', { target: 2 } as never, rules),
      ['myLoss', "'target'", "'realTarget'"],
      'unknown key',
    );
  });

  it('explains why label smoothing is rejected when the loss says so', () => {
    const rules = { labelSmoothingRejected: 'Use realTarget.' };
    assertThrowsMentioning(
      () => resolveLossOptions('g', { labelSmoothing: 0.5 }, rules),
      ['g', 'labelSmoothing', '0.5', 'Use realTarget.'],
      'rejected',
    );
    assert.equal(resolveLossOptions('g', { labelSmoothing: 0 }, rules).labelSmoothing, 0);
  });

  it('rejects the edges of the labelSmoothing range [0, 1)', () => {
    assert.equal(resolveLossOptions('f', { labelSmoothing: 0.999 }).labelSmoothing, 0.999);
    for (const bad of [1, -1e-9, Number.POSITIVE_INFINITY]) {
      assertThrowsMentioning(
        () => resolveLossOptions('f', { labelSmoothing: bad }),
        ['labelSmoothing', '[0, 1)', String(bad)],
        String(bad),
      );
    }
  });
});

describe('reduceTerms', () => {
  it("'mean' averages each term over its own batch; 'sum' sums; 'none' adds element-wise", () => {
    tf.tidy(() => {
      const a = tf.tensor1d([1, 2, 3, 6]);
      const b = tf.tensor1d([10, 20]);
      assertClose(reduceTerms([a, b], 'mean').dataSync(), [3 + 15], 'mean');
      assertClose(reduceTerms([a, b], 'sum').dataSync(), [12 + 30], 'sum');
      const none = reduceTerms([tf.tensor2d([[10], [20]]), tf.tensor2d([[5], [7]]), tf.tensor2d([[1], [2]])], 'none');
      assert.deepEqual(none.shape, [2, 1]);
      assertClose(none.dataSync(), [16, 29], 'none');
    });
  });
});

describe('sigmoidCrossEntropy', () => {
  it('equals −y·log σ(x) − (1 − y)·log(1 − σ(x)) for fractional targets, and stays finite at ±100', () => {
    tf.tidy(() => {
      const xs = [-3, -0.5, 0, 0.7, 4];
      const sigma = (x: number): number => 1 / (1 + Math.exp(-x));
      for (const y of [0, 0.25, 0.9, 1]) {
        const expected = xs.map((x) => -y * Math.log(sigma(x)) - (1 - y) * Math.log(1 - sigma(x)));
        assertClose(sigmoidCrossEntropy(tf.tensor1d(xs), y).dataSync(), expected, `target ${y}`);
      }
      assertClose(
        sigmoidCrossEntropy(tf.tensor1d([100, -100]), 0.25).dataSync(),
        [0.25 * softplus(-100) + 0.75 * softplus(100), 0.25 * softplus(100) + 0.75 * softplus(-100)],
        'at ±100',
        { atol: 1e-4, rtol: 1e-6 },
      );
    });
  });
});
