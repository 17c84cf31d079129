import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { gaussianMixture, grid25, grid25Modes, ring8, ring8Modes } from '../../src/data/mixtures.js';

before(async () => {
  await tf.setBackend('cpu');
});

/** Sample standard deviation of every coordinate's offset from the mean of the component it was drawn from. */
function residualStd(values: Float32Array, modes: number[][], components: Int32Array): number {
  const dim = modes[0]!.length;
  let sum = 0;
  let sumSq = 0;
  for (let n = 0; n < components.length; n++) {
    for (let j = 0; j < dim; j++) {
      const r = values[n * dim + j]! - modes[components[n]!]![j]!;
      sum += r;
      sumSq += r * r;
    }
  }
  const m = components.length * dim;
  return Math.sqrt((sumSq - (sum * sum) / m) / (m - 1));
}

describe('ring8', () => {
  it('puts the 8 means at (cos 2πi/8, sin 2πi/8), all distinct (no linspace(0, 2π, 8) bug)', () => {
    const h = Math.SQRT1_2;
    const expected = [[1, 0], [h, h], [0, 1], [-h, h], [-1, 0], [-h, -h], [0, -1], [h, -h]];
    const modes = ring8Modes();
    assert.equal(modes.length, 8);
    modes.forEach((m, i) => {
      assert.ok(Math.abs(m[0]! - expected[i]![0]!) < 1e-12 && Math.abs(m[1]! - expected[i]![1]!) < 1e-12, `mode ${i}: ${m}`);
    });
    // Neighbours on the unit circle are 2·sin(π/8) ≈ 0.7654 apart; a duplicated mean would give 0.
    for (let i = 0; i < 8; i++) {
      for (let j = i + 1; j < 8; j++) {
        const d = Math.hypot(modes[i]![0]! - modes[j]![0]!, modes[i]![1]! - modes[j]![1]!);
        assert.ok(d > 0.765, `modes ${i} and ${j} are ${d} apart`);
      }
    }
    assert.deepEqual(ring8Modes(2)[2]!.map((v) => Math.round(v * 1e12) / 1e12), [0, 2]);
  });

  it('draws [count, 2] points with σ ≈ 0.01 around the mean each came from, all 8 modes equally often', () => {
    const before = tf.memory().numTensors;
    const { samples, modes, std, components } = ring8({ count: 8000, seed: 3 });
    assert.deepEqual(samples.shape, [8000, 2]);
    assert.equal(std, 0.01);
    assert.deepEqual(modes, ring8Modes());
    const s = residualStd(samples.dataSync() as Float32Array, modes, components);
    assert.ok(s > 0.0097 && s < 0.0103, `residual std ${s}`);
    const counts = new Array<number>(8).fill(0);
    for (const k of components) counts[k]! += 1;
    for (const c of counts) assert.ok(c > 850 && c < 1150, `mode counts ${counts}`);
    samples.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it('honours radius and std', () => {
    const { samples, modes, components } = ring8({ count: 2000, seed: 1, radius: 3, std: 0.2 });
    const s = residualStd(samples.dataSync() as Float32Array, modes, components);
    assert.ok(s > 0.19 && s < 0.21, `residual std ${s}`);
    assert.ok(Math.abs(Math.hypot(modes[3]![0]!, modes[3]![1]!) - 3) < 1e-12);
    samples.dispose();
  });
});

describe('grid25', () => {
  it('has 25 distinct means on {−4, −2, 0, 2, 4}² and σ ≈ 0.05', () => {
    const modes = grid25Modes();
    assert.equal(modes.length, 25);
    assert.equal(new Set(modes.map((m) => m.join(','))).size, 25);
    for (const m of modes) for (const v of m) assert.ok([-4, -2, 0, 2, 4].includes(v));
    const { samples, components, std } = grid25({ count: 5000, seed: 9 });
    assert.equal(std, 0.05);
    assert.equal(new Set(components).size, 25);
    const s = residualStd(samples.dataSync() as Float32Array, modes, components);
    assert.ok(s > 0.0485 && s < 0.0515, `residual std ${s}`);
    samples.dispose();
  });
});

describe('gaussianMixture', () => {
  it('is deterministic in its seed', () => {
    const a = gaussianMixture({ means: [[0, 0, 0], [5, 5, 5]], std: 1, count: 50, seed: 'x' });
    const b = gaussianMixture({ means: [[0, 0, 0], [5, 5, 5]], std: 1, count: 50, seed: 'x' });
    const c = gaussianMixture({ means: [[0, 0, 0], [5, 5, 5]], std: 1, count: 50, seed: 'y' });
    assert.deepEqual(a.samples.shape, [50, 3]);
    assert.deepEqual(a.samples.dataSync(), b.samples.dataSync());
    assert.deepEqual(a.components, b.components);
    assert.notDeepEqual(a.samples.dataSync(), c.samples.dataSync());
    tf.dispose([a.samples, b.samples, c.samples]);
  });

  it('with std 0 returns the means exactly', () => {
    const { samples, components } = gaussianMixture({ means: [[1, 2], [3, 4]], std: 0, count: 10, seed: 0 });
    const v = samples.dataSync();
    components.forEach((k, n) => {
      assert.deepEqual([v[2 * n], v[2 * n + 1]], k === 0 ? [1, 2] : [3, 4]);
    });
    samples.dispose();
  });

  it('rejects bad arguments with messages naming them, before allocating', () => {
    const before = tf.memory().numTensors;
    assert.throws(() => gaussianMixture({ means: [[0, 0]], std: 1, count: 0, seed: 0 }), /count must be a positive integer, got 0/);
    assert.throws(() => gaussianMixture({ means: [[0, 0]], std: -1, count: 5, seed: 0 }), /std must be a finite number ≥ 0, got -1/);
    assert.throws(() => gaussianMixture({ means: [], std: 1, count: 5, seed: 0 }), /means must hold at least one point/);
    assert.throws(() => gaussianMixture({ means: [[0, 0], [1]], std: 1, count: 5, seed: 0 }), /means\[1\] has 1/);
    assert.throws(() => gaussianMixture({ means: [[0, NaN]], std: 1, count: 5, seed: 0 }), /means\[0\].*non-finite/);
    assert.throws(() => ring8({ count: 5, seed: 0, radius: 0 }), /radius must be a finite number > 0, got 0/);
    assert.equal(tf.memory().numTensors, before);
  });
});
