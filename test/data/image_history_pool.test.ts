import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../helpers/backend.js';
import { ImageHistoryPool } from '../../src/data/image_history_pool.js';
import { SeededRandom } from '../../src/utils/random.js';

await useCpu();

/** A batch of 1×1×1 images whose single pixel is its identity. */
const ids = (...values: number[]) => tf.tensor4d(values, [values.length, 1, 1, 1]);
/** The identities in a batch. */
const read = (t: tf.Tensor) => Array.from(t.dataSync());
/** A stream that replays scripted uniform draws. */
const scripted = (draws: number[]) => ({ uniform: () => draws.shift() ?? assert.fail('more draws than scripted') });

test('filling returns each image and stores it; once full, a swap returns the stored image and keeps the new one, in batch order', () => {
  const before = tf.memory().numTensors;
  const pool = new ImageHistoryPool({ imageShape: [1, 1, 1], capacity: 2 });
  tf.tidy(() => {
    // The first two images fill the pool (no draws); the third meets a full pool: u = 0.7 ≥ ½ returns it unchanged.
    assert.deepEqual(read(pool.query(ids(1, 2, 3), scripted([0.7]))), [1, 2, 3]);
    assert.equal(pool.size, 2);
    assert.deepEqual(read(pool.images), [1, 2]);
    // 4: u = 0.3 swaps with slot ⌊0.6·2⌋ = 1 (image 2); 5: swaps with slot 1 again, now holding 4.
    assert.deepEqual(read(pool.query(ids(4, 5), scripted([0.3, 0.6, 0.3, 0.7]))), [2, 4]);
    assert.deepEqual(read(pool.images), [1, 5]);
    // Slot 0: u′ = 0.
    assert.deepEqual(read(pool.query(ids(6), scripted([0.49, 0]))), [1]);
    assert.deepEqual(read(pool.images), [6, 5]);
  });
  pool.dispose();
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
});

test('sampling statistics of a full pool: half the images are swapped for stored ones, old images leave at the expected age, nothing is lost', () => {
  const capacity = 10;
  const pool = new ImageHistoryPool({ imageShape: [1, 1, 1], capacity });
  const random = new SeededRandom(3);
  let next = 0;
  const batch = (n: number) => ids(...Array.from({ length: n }, () => next++));
  tf.dispose(pool.query(batch(capacity), random));
  let swapped = 0;
  let total = 0;
  const ages: number[] = [];
  const batches = 400;
  for (let step = 0; step < batches; step++) {
    const stored = new Set(read(pool.images));
    const input = batch(4);
    const inputIds = read(input);
    const output = read(tf.tidy(() => pool.query(input, random)));
    const after = read(pool.images);
    // Conservation: what went in (old pool + batch) is what is now in the pool plus what came out.
    assert.deepEqual([...after, ...output].sort((a, b) => a - b), [...stored, ...inputIds].sort((a, b) => a - b));
    output.forEach((id, j) => {
      total++;
      if (id === inputIds[j]) return;
      // A swap: the image returned was in the pool before, or was stored by an earlier image of this batch.
      swapped++;
      assert.ok(stored.has(id) || inputIds.slice(0, j).includes(id), `image ${id} came from the pool`);
      if (stored.has(id)) ages.push(inputIds[0]! - id);
    });
    input.dispose();
  }
  // 1600 Bernoulli(½) draws: mean 800, σ = 20; allow ±4σ.
  assert.ok(Math.abs(swapped - total / 2) < 80, `${swapped} of ${total} swapped`);
  // A stored image leaves at each later query image with probability ½ · 1/capacity, so its age in query images at
  // leaving is about geometric with mean 2·capacity = 20 (plus its position within the batch): check the mean's range.
  const meanAge = ages.reduce((s, a) => s + a, 0) / ages.length;
  assert.ok(meanAge > 15 && meanAge < 26, `mean age of returned images ${meanAge}`);
  pool.dispose();
});

test('which slot is swapped is uniform: χ² over 8 slots', () => {
  const capacity = 8;
  const counts = new Array<number>(capacity).fill(0);
  const pool = new ImageHistoryPool({ imageShape: [1, 1, 1], capacity });
  const random = new SeededRandom(11);
  tf.dispose(pool.query(ids(...Array.from({ length: capacity }, (_, k) => k)), random));
  for (let i = 0; i < 2000; i++) {
    const before = read(pool.images);
    tf.dispose(tf.tidy(() => pool.query(ids(1000 + i), random)));
    const after = read(pool.images);
    const changed = after.findIndex((v, k) => v !== before[k]);
    if (changed >= 0) counts[changed]!++;
  }
  const n = counts.reduce((s, c) => s + c, 0);
  assert.ok(Math.abs(n - 1000) < 90, `${n} of 2000 swapped`);
  const chi2 = counts.reduce((s, c) => s + (c - n / capacity) ** 2 / (n / capacity), 0);
  // 7 degrees of freedom: P(χ² > 24.3) = 0.001.
  assert.ok(chi2 < 24.3, `χ² ${chi2.toFixed(1)} for slot counts ${counts}`);
  pool.dispose();
});

test('state → restore into a new pool continues exactly; the same seed repeats the outputs', () => {
  const shape = [2, 2, 3] as const;
  const a = new ImageHistoryPool({ imageShape: shape, capacity: 5 });
  const random = new SeededRandom(7);
  const images = (seed: number) => tf.randomNormal([3, ...shape], 0, 1, 'float32', seed);
  for (let i = 0; i < 3; i++) tf.tidy(() => void a.query(images(i), random));
  // Checkpoint: the variable's values, the JSON state and the random stream.
  const saved = { images: tf.clone(a.images), state: JSON.parse(JSON.stringify(a.state())) as unknown, random: random.state() };
  assert.deepEqual(saved.state, { capacity: 5, size: 5 });
  const b = new ImageHistoryPool({ imageShape: shape, capacity: 5 });
  b.images.assign(saved.images);
  b.restoreState(saved.state);
  const resumed = SeededRandom.fromState(saved.random);
  for (let i = 3; i < 8; i++) {
    tf.tidy(() => assert.deepEqual(read(b.query(images(i), resumed)), read(a.query(images(i), random)), `query ${i}`));
  }
  assert.deepEqual(read(b.images), read(a.images));
  assert.throws(() => b.restoreState({ capacity: 50, size: 3 }), /expected \{ capacity: 5, size: 0 … 5 \} saved by a pool of this capacity, but got \{"capacity":50,"size":3\}/);
  assert.throws(() => b.restoreState({ capacity: 5, size: 6 }), /ImageHistoryPool.restoreState/);
  tf.dispose(saved.images);
  a.dispose();
  b.dispose();
});

test('capacity 0 returns the batch; wrong shapes and options are refused', () => {
  const off = new ImageHistoryPool({ imageShape: [1, 1, 1], capacity: 0 });
  tf.tidy(() => assert.deepEqual(read(off.query(ids(4, 5), scripted([]))), [4, 5]));
  assert.equal(off.size, 0);
  const pool = new ImageHistoryPool({ imageShape: [28, 28, 1] });
  assert.equal(pool.capacity, 50);
  assert.deepEqual(pool.images.shape, [50, 28, 28, 1]);
  assert.equal(pool.images.trainable, false);
  const wrong = tf.zeros([2, 28, 28, 3]);
  assert.throws(() => pool.query(wrong, new SeededRandom(1)), /images must have shape \[batch, 28, 28, 1\] \(the pool's imageShape\), but got \[2, 28, 28, 3\]/);
  assert.throws(() => new ImageHistoryPool({ imageShape: [28, 28] }), /options.imageShape must be \[height, width, channels\]/);
  assert.throws(() => new ImageHistoryPool({ imageShape: [28, 28, 1], capacity: -1 }), /options.capacity must be an integer ≥ 0/);
  wrong.dispose();
  off.dispose();
  pool.dispose();
});
