import assert from 'node:assert/strict';
import { test } from 'node:test';

import { exponentialMovingAverage } from '../../src/utils/moving_average.js';

test('exponentialMovingAverage: hand-computed values with bias correction, gaps for non-finite values', () => {
  // β 0.5: s = 0.5·1 = 0.5 → 0.5 / 0.5 = 1; s = 0.25 + 0.5·3 = 1.75 → 1.75 / 0.75 = 2.3333; NaN leaves s; s = 0.875 + 0.5·5 = 3.375 → 3.375 / 0.875.
  const ema = exponentialMovingAverage([1, 3, Number.NaN, 5], 0.5);
  for (const [got, want] of [[ema[0], 1], [ema[1], 7 / 3], [ema[3], 3.375 / 0.875]] as const) assert.ok(Math.abs(got! - want) < 1e-12, `${got} vs ${want}`);
  assert.ok(Number.isNaN(ema[2]));
  assert.deepEqual(exponentialMovingAverage([4, -2, 7], 0), [4, -2, 7], 'β 0: the values themselves');
  const constant = exponentialMovingAverage(Array.from({ length: 50 }, () => 3), 0.99);
  assert.ok(constant.every((v) => Math.abs(v - 3) < 1e-9), 'no pull towards 0 at the start');
  assert.throws(() => exponentialMovingAverage([1], 1), /beta must be in \[0, 1\), got 1/);
});
