import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../helpers/backend.js';
import { psnr } from '../../src/metrics/psnr.js';

await useCpu();

test('PSNR by hand: errors ±0.1 give MSE 0.01 and 10·log₁₀(2² / 0.01) = 26.0206 dB; an identical image gives Infinity', () => {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const reference = tf.zeros([2, 2, 2, 1]) as tf.Tensor4D;
    const estimate = tf.tensor4d([0.1, -0.1, 0.1, -0.1, 0, 0, 0, 0], [2, 2, 2, 1]);
    const result = psnr(reference, estimate);
    assert.ok(Math.abs(result.perImage[0]! - 26.0206) < 1e-3, String(result.perImage[0]));
    assert.equal(result.perImage[1], Infinity);
    assert.equal(result.mean, Infinity);
    const first = tf.slice(estimate, 0, 1) as tf.Tensor4D;
    const firstReference = tf.slice(reference, 0, 1) as tf.Tensor4D;
    assert.ok(Math.abs(psnr(firstReference, first, { range: 1 }).mean - 20) < 1e-4, 'range 1: 10·log₁₀(1 / 0.01)');
    // Mean of per-image values: errors 0.1 and 0.2 everywhere → 26.0206 and 20.0000 dB, mean 23.0103.
    const two = psnr(tf.zeros([2, 1, 1, 1]) as tf.Tensor4D, tf.tensor4d([0.1, 0.2], [2, 1, 1, 1]));
    assert.ok(Math.abs(two.mean - (26.0206 + 20) / 2) < 1e-3, String(two.mean));
  });
  assert.equal(tf.memory().numTensors, before);
});

test('border pixels can be shaved off; shapes and options are checked', () => {
  tf.tidy(() => {
    // A 4×4 image wrong only on its outer ring: with border 1 the inner 2×2 matches.
    const ring = tf.tensor4d([1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1], [1, 4, 4, 1]);
    const zeros = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    assert.equal(psnr(zeros, ring, { border: 1 }).mean, Infinity);
    assert.ok(Math.abs(psnr(zeros, ring).mean - 10 * Math.log10(4 / 0.75)) < 1e-4);
    assert.throws(() => psnr(zeros, tf.zeros([1, 4, 3, 1]) as tf.Tensor4D), /psnr: reference \[1, 4, 4, 1\] and estimate \[1, 4, 3, 1\] must be images/);
    assert.throws(() => psnr(zeros, ring, { border: 2 }), /options.border must be an integer ≥ 0 that leaves pixels of the 4 × 4 images, but got 2/);
    assert.throws(() => psnr(zeros, ring, { range: 0 }), /options.range must be a finite number > 0/);
  });
});
