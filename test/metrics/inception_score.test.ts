import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { inceptionScore } from '../../src/metrics/inception_score.js';

before(async () => {
  await tf.setBackend('cpu');
});

describe('inceptionScore', () => {
  it('is 1 for uniform predictions and for identical predictions', () => {
    const uniform = tf.fill([20, 10], 0.1) as tf.Tensor2D;
    assert.ok(Math.abs(inceptionScore(uniform).mean - 1) < 1e-6);
    const same = tf.tensor2d([[0.7, 0.2, 0.1], [0.7, 0.2, 0.1]]);
    assert.ok(Math.abs(inceptionScore(same).mean - 1) < 1e-6);
    tf.dispose([uniform, same]);
  });

  it('equals the number of classes for confident predictions spread evenly over the classes', () => {
    const oneHot = tf.cast(tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6], 'int32'), 7), 'float32') as tf.Tensor2D;
    const { mean, std, scores } = inceptionScore(oneHot, { splits: 2 });
    assert.ok(Math.abs(mean - 7) < 1e-9, `IS ${mean}`);
    assert.equal(scores.length, 2);
    assert.ok(std < 1e-9);
    tf.dispose(oneHot);
  });

  it('matches a hand computation: rows [1, 0] and [½, ½] give exp(½(log 4/3 + ½ log 2/3 + ½ log 2)) ≈ 1.2408', () => {
    const p = tf.tensor2d([[1, 0], [0.5, 0.5]]);
    const expected = Math.exp(0.5 * (Math.log(4 / 3) + 0.5 * Math.log(2 / 3) + 0.5 * Math.log(2)));
    assert.ok(Math.abs(inceptionScore(p).mean - expected) < 1e-12);
    p.dispose();
  });

  it('scores splits separately (the last takes the remainder) and reports their population std', () => {
    // Split 1: two identical rows → 1. Split 2: [1,0], [0,1], [1,0] → marginal (2/3, 1/3): exp((2 log 1.5 + log 3)/3).
    const p = tf.tensor2d([[0.5, 0.5], [0.5, 0.5], [1, 0], [0, 1], [1, 0]]);
    const second = Math.exp((2 * Math.log(1.5) + Math.log(3)) / 3);
    const { scores, mean, std } = inceptionScore(p, { splits: 2 });
    assert.ok(Math.abs(scores[0]! - 1) < 1e-12 && Math.abs(scores[1]! - second) < 1e-12, `${scores}`);
    assert.ok(Math.abs(mean - (1 + second) / 2) < 1e-12);
    assert.ok(Math.abs(std - (second - 1) / 2) < 1e-12);
    p.dispose();
  });

  it('rejects logits and unnormalized rows with a hint to apply softmax', () => {
    const logits = tf.tensor2d([[2, -1]]);
    const unnormalized = tf.tensor2d([[0.5, 0.4]]);
    assert.throws(() => inceptionScore(logits), /probabilities\[0\]\[0\] = 2 is not in \[0, 1\]; pass softmax outputs/);
    assert.throws(() => inceptionScore(unnormalized), /row 0 of probabilities sums to 0\.9/);
    assert.throws(() => inceptionScore(unnormalized, { splits: 2 }), /splits must be an integer in 1 … 1/);
    tf.dispose([logits, unnormalized]);
  });
});
