import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { resumedRun, straightRun } from '../helpers/resume.js';

let root = '';
before(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  root = await mkdtemp(join(tmpdir(), 'gan-kit-wasm-resume-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Largest |a − b| / max(1, |b|) over all values. */
function maxRelativeDifference(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[]): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  a.forEach((x, i) => {
    const y = b[i]!;
    assert.equal(x.length, y.length);
    for (let j = 0; j < x.length; j++) worst = Math.max(worst, Math.abs(x[j]! - y[j]!) / Math.max(1, Math.abs(y[j]!)));
  });
  return worst;
}

test('exact resume on wasm (dense models): 24 steps equal 10 + checkpoint + restore + 14 within float tolerance', async (t) => {
  assert.equal(tf.getBackend(), 'wasm');
  const straight = await straightRun(24);
  const resumed = await resumedRun(24, 10, join(root, 'run'));
  assert.equal(resumed.step, 24);
  const weights = maxRelativeDifference(resumed.weights, straight.weights);
  const optimizers = maxRelativeDifference(resumed.optimizers, straight.optimizers);
  t.diagnostic(`wasm: largest relative difference of weights ${weights}, of optimizer state ${optimizers}`);
  assert.ok(weights <= 1e-6, `weights differ by up to ${weights}`);
  assert.ok(optimizers <= 1e-6, `optimizer state differs by up to ${optimizers}`);
  // One step fewer is far outside the tolerance: the comparison can fail.
  const shorter = await straightRun(23);
  assert.ok(maxRelativeDifference(shorter.weights, straight.weights) > 1e-4);
});
