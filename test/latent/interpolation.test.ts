import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../helpers/backend.js';
import { interpolationGrid, interpolationPath, lerp, slerp } from '../../src/latent/interpolation.js';
import { SeededRandom } from '../../src/utils/random.js';

await useCpu();

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance, `index ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

test('lerp: endpoints and the midpoint by hand', () => {
  const before = tf.memory().numTensors;
  const a = tf.tensor1d([1, -2, 4]);
  const b = tf.tensor1d([3, 2, 0]);
  close(lerp(a, b, 0).dataSync(), [1, -2, 4], 0);
  close(lerp(a, b, 1).dataSync(), [3, 2, 0], 0);
  close(lerp(a, b, 0.5).dataSync(), [2, 0, 2], 0);
  close(lerp(a, b, 0.25).dataSync(), [1.5, -1, 3], 1e-6);
  tf.dispose([a, b]);
  assert.equal(tf.memory().numTensors, before + 4);
});

test('slerp of unit vectors: stays on the sphere, equals the hand formula, endpoints', () => {
  tf.engine().startScope();
  // u0 = e1, u1 = (cos 60°, sin 60°, 0): Ω = 60°, so slerp(t) = (cos(60t°), sin(60t°), 0).
  const a = tf.tensor1d([1, 0, 0]);
  const b = tf.tensor1d([0.5, Math.sqrt(3) / 2, 0]);
  for (const t of [0, 0.25, 0.5, 0.9, 1]) {
    const v = slerp(a, b, t).dataSync();
    const angle = (Math.PI / 3) * t;
    close(v, [Math.cos(angle), Math.sin(angle), 0], 1e-6);
    assert.ok(Math.abs(norm(v) - 1) < 1e-6);
  }
  // Random unit vectors in 64 dimensions: the norm stays 1 all along; lerp's midpoint falls inside the sphere.
  const random = new SeededRandom(3);
  const raw = random.normalTensor([2, 64]);
  const units = tf.div(raw, tf.norm(raw, 'euclidean', 1, true));
  const [u0, u1] = tf.unstack(units);
  for (const t of [0.1, 0.5, 0.7]) assert.ok(Math.abs(norm(slerp(u0!, u1!, t).dataSync()) - 1) < 1e-5);
  assert.ok(norm(lerp(u0!, u1!, 0.5).dataSync()) < 0.9);
  tf.engine().endScope();
});

test('slerp of Gaussian latents: norm interpolated linearly, direction on the great circle, rows independent', () => {
  tf.engine().startScope();
  // Orthogonal, norms 2 and 4: at t the direction is (cos(90t°), sin(90t°)) and the norm 2 + 2t.
  const z0 = tf.tensor2d([[2, 0], [0, 3]]);
  const z1 = tf.tensor2d([[0, 4], [0, 3]]);
  const v = slerp(z0, z1, 0.5).arraySync() as number[][];
  close(v[0]!, [3 * Math.SQRT1_2, 3 * Math.SQRT1_2], 1e-5);
  // Parallel rows (Ω = 0): the point stays put instead of dividing 0 by 0.
  close(v[1]!, [0, 3], 1e-6);
  const third = slerp(z0, z1, 1 / 3).arraySync() as number[][];
  close(third[0]!, [(2 + 2 / 3) * Math.cos(Math.PI / 6), (2 + 2 / 3) * Math.sin(Math.PI / 6)], 1e-5);
  // Shoemake's formula on raw vectors of equal norm r: the same as ours, with norm r everywhere.
  const a = tf.tensor1d([3, 4, 0]);
  const b = tf.tensor1d([0, 3, 4]);
  const omega = Math.acos((0 * 3 + 4 * 3) / 25);
  const t = 0.3;
  const w0 = Math.sin((1 - t) * omega) / Math.sin(omega);
  const w1 = Math.sin(t * omega) / Math.sin(omega);
  close(slerp(a, b, t).dataSync(), [3 * w0, 4 * w0 + 3 * w1, 4 * w1], 1e-5);
  tf.engine().endScope();
});

test('slerp: no leak, and errors for zero, antipodal and mismatched inputs', () => {
  const a = tf.tensor1d([1, 2]);
  const b = tf.tensor1d([2, 1]);
  const before = tf.memory().numTensors;
  slerp(a, b, 0.4).dispose();
  assert.equal(tf.memory().numTensors, before);
  const zero = tf.zeros([2]);
  const opposite = tf.tensor1d([-2, -4]);
  const wide = tf.zeros([3]);
  assert.throws(() => slerp(zero, b, 0.5), /row 0 of z0 is zero/);
  assert.throws(() => slerp(a, opposite, 0.5), /opposite directions/);
  assert.throws(() => slerp(a, wide, 0.5), /same shape/);
  assert.throws(() => slerp(a, b, Number.NaN), /t must be a finite number/);
  assert.equal(tf.memory().numTensors, before + 3);
  tf.dispose([a, b, zero, opposite, wide]);
});

test('interpolationPath: n points, endpoints bit-exact, evenly spaced in angle; grid rows', () => {
  const random = new SeededRandom(11);
  const z = random.normalTensor([4, 16]);
  const [z0, z1, z2, z3] = tf.unstack(z) as tf.Tensor1D[];
  const before = tf.memory().numTensors;
  const path = interpolationPath(z0!, z1!, 5);
  assert.deepEqual(path.shape, [5, 16]);
  const rows = path.arraySync();
  assert.deepEqual(rows[0], Array.from(z0!.dataSync()));
  assert.deepEqual(rows[4], Array.from(z1!.dataSync()));
  const angle = (p: number[], q: number[]) => Math.acos(p.reduce((s, x, i) => s + x * q[i]!, 0) / (norm(p) * norm(q)));
  const steps = [0, 1, 2, 3].map((i) => angle(rows[i]!, rows[i + 1]!));
  for (const s of steps) assert.ok(Math.abs(s - steps[0]!) < 1e-4, `angles ${steps.join(', ')}`);
  tf.tidy(() => {
    const linear = interpolationPath(z0!, z1!, 3, 'linear').arraySync();
    close(linear[1]!, lerp(z0!, z1!, 0.5).dataSync(), 1e-6);
    const grid = interpolationGrid(tf.stack([z0!, z2!]) as tf.Tensor2D, tf.stack([z1!, z3!]) as tf.Tensor2D, 5);
    assert.deepEqual(grid.shape, [10, 16]);
    close(tf.slice(grid, [0, 0], [5, 16]).dataSync(), path.dataSync(), 0);
    assert.deepEqual(grid.arraySync()[9], Array.from(z3!.dataSync()));
  });
  assert.throws(() => interpolationPath(z0!, z1!, 1), /steps must be an integer ≥ 2/);
  assert.throws(() => interpolationPath(z0!, z1!, 3, 'cubic' as 'linear'), /method must be/);
  path.dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([z, z0!, z1!, z2!, z3!]);
});
