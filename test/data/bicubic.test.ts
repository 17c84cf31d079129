import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../helpers/backend.js';
import { bicubicWeights, resizeBicubic } from '../../src/data/bicubic.js';

await useCpu();

const near = (actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, tol = 1e-6) =>
  Array.from(actual).forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < tol, `${what}[${i}]: ${v} vs ${expected[i]}`));

test('doubling [0, 1] by hand: Keys weights W(0.25) = 0.8671875, W(0.75) = 0.2265625, W(1.25) = −0.0703125, W(1.75) = −0.0234375', () => {
  // Output samples at −0.25, 0.25, 0.75, 1.25; the edge pixel repeats beyond the border.
  near(bicubicWeights(2, 4), [1.0703125, -0.0703125, 0.796875, 0.203125, 0.203125, 0.796875, -0.0703125, 1.0703125], 'weights');
  tf.tidy(() => {
    const row = tf.tensor4d([0, 1], [1, 1, 2, 1]);
    near(resizeBicubic(row, { height: 1, width: 4 }).dataSync(), [-0.0703125, 0.203125, 0.796875, 1.0703125], 'row');
    near(resizeBicubic(row, { height: 1, width: 4, clamp: [0, 1] }).dataSync(), [0, 0.203125, 0.796875, 1], 'clamped');
    // A column is resized the same way.
    near(resizeBicubic(tf.tensor4d([0, 1], [1, 2, 1, 1]), { height: 4, width: 1 }).dataSync(), [-0.0703125, 0.203125, 0.796875, 1.0703125], 'column');
  });
});

test('constants stay constant, interior ramps are reproduced exactly, and 2-D is the two 1-D passes', () => {
  tf.tidy(() => {
    for (const [n, m] of [[7, 14], [14, 28], [5, 3]] as const) {
      const w = bicubicWeights(n, m);
      for (let i = 0; i < m; i++) near([w.slice(i * n, (i + 1) * n).reduce((s, v) => s + v, 0)], [1], `row ${i} of ${n}→${m} sums to 1`, 1e-6);
    }
    // x = column index on an 8-wide image: away from the borders the ×2 output is the sample position (j + ½)/2 − ½.
    const ramp = tf.tensor4d(Array.from({ length: 8 }, (_, j) => j), [1, 1, 8, 1]);
    const up = resizeBicubic(ramp, { height: 1, width: 16 }).dataSync();
    for (let j = 3; j < 13; j++) near([up[j]!], [(j + 0.5) / 2 - 0.5], `ramp ${j}`, 1e-5);
    // Two channels and two images, against the 1-D matrices applied by hand: y = W_h x W_wᵀ.
    const x = tf.randomNormal([2, 3, 4, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
    const y = resizeBicubic(x, { height: 5, width: 7 });
    const [wh, ww] = [bicubicWeights(3, 5), bicubicWeights(4, 7)];
    const xs = x.dataSync();
    const expected: number[] = [];
    for (let s = 0; s < 2; s++)
      for (let i = 0; i < 5; i++)
        for (let j = 0; j < 7; j++)
          for (let c = 0; c < 2; c++) {
            let sum = 0;
            for (let a = 0; a < 3; a++) for (let b = 0; b < 4; b++) sum += wh[i * 3 + a]! * ww[j * 4 + b]! * xs[((s * 3 + a) * 4 + b) * 2 + c]!;
            expected.push(sum);
          }
    assert.deepEqual(y.shape, [2, 5, 7, 2]);
    near(y.dataSync(), expected, '2-D', 1e-5);
  });
  assert.throws(() => resizeBicubic(tf.zeros([1, 2, 2, 1]) as tf.Tensor4D, { height: 0, width: 2 }), /resizeBicubic: options.height must be an integer ≥ 1, but got 0/);
  assert.throws(() => resizeBicubic(tf.zeros([1, 2, 2, 1]) as tf.Tensor4D, { height: 2, width: 2, clamp: [1, -1] }), /options.clamp must be \[min, max\] with min ≤ max/);
});
