// The data stream of the training loop for every batch type: aligned records (paired rows shuffled together),
// unpaired fields (each shuffled on its own, an epoch a pass over the largest), their saved positions, and the checks.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { openBatchStream, unpaired, type BatchStreamState } from '../../src/training/data_source.js';
import { SeededRandom } from '../../src/utils/random.js';
import { useCpu } from '../helpers/backend.js';

before(useCpu);

const rows = (n: number, offset = 0) => tf.tensor2d(Array.from({ length: n }, (_, i) => [i + offset, -(i + offset)]));

test('aligned fields ({ input, target }) are shuffled together: every batch keeps its pairs, and no row repeats within an epoch', async () => {
  const input = rows(10);
  const target = tf.tidy(() => tf.mul(rows(10), 10));
  const stream = await openBatchStream({ input, target }, { batchSize: 3, sampleShape: { input: [2], target: [2] }, random: new SeededRandom(1) });
  assert.equal(stream.batchesPerEpoch, 3);
  const seen: number[] = [];
  for (let i = 0; i < 3; i++) {
    const { batch, endsEpoch } = (await stream.next())!;
    const { input: a, target: b } = batch as Record<string, tf.Tensor>;
    const left = (a!.arraySync() as number[][]).map((r) => r[0]!);
    assert.deepEqual((b!.arraySync() as number[][]).map((r) => r[0]! / 10), left);
    seen.push(...left);
    assert.equal(endsEpoch, i === 2);
    tf.dispose([a!, b!]);
  }
  assert.equal(new Set(seen).size, 9);
  stream.dispose();
  const short = rows(4);
  await assert.rejects(openBatchStream({ input, target: short }, { batchSize: 2, sampleShape: undefined, random: new SeededRandom(1) }), /data.target has 4 rows, but data.input has 10/);
  await assert.rejects(openBatchStream({ input, target }, { batchSize: 2, sampleShape: { input: [3] }, random: new SeededRandom(1), caller: 'X.fit' }), /X.fit: data.input has shape \[10, 2\], but the model takes samples of shape \[3\]/);
  tf.dispose([input, target, short]);
});

test('unpaired fields are shuffled independently; an epoch is one pass over the largest; the position round-trips', async () => {
  const a = rows(9);
  const b = rows(4, 100);
  const open = (resume?: Record<string, BatchStreamState>) => openBatchStream(unpaired({ a, b }), { batchSize: 2, sampleShape: [2], random: new SeededRandom(3), ...(resume ? { resume } : {}) });
  const stream = await open();
  assert.equal(stream.batchesPerEpoch, 4);
  const first = (t: tf.Tensor) => (t.arraySync() as number[][]).map((r) => r[0]!);
  const fromA: number[] = [];
  const ends: boolean[] = [];
  for (let i = 0; i < 4; i++) {
    const { batch, endsEpoch } = (await stream.next())!;
    const { a: x, b: y } = batch as Record<string, tf.Tensor>;
    fromA.push(...first(x!));
    for (const v of first(y!)) assert.ok(v >= 100 && v < 104, `b's rows stay b's: ${v}`);
    ends.push(endsEpoch);
    tf.dispose([x!, y!]);
  }
  assert.deepEqual(ends, [false, false, false, true]);
  assert.equal(new Set(fromA).size, 8, 'a pass over a: 4 batches of 2 distinct rows');
  const saved = stream.state!() as Record<string, BatchStreamState>;
  assert.deepEqual(Object.keys(saved), ['a', 'b']);
  const next = (await stream.next())!.batch as Record<string, tf.Tensor>;
  const resumed = await open(saved);
  const again = (await resumed.next())!.batch as Record<string, tf.Tensor>;
  assert.deepEqual(first(again['a']!), first(next['a']!));
  assert.deepEqual(first(again['b']!), first(next['b']!));
  tf.dispose([...Object.values(next), ...Object.values(again)]);
  stream.dispose();
  resumed.dispose();
  await assert.rejects(openBatchStream(unpaired({ a, b }), { batchSize: 5, sampleShape: [2], random: new SeededRandom(1) }), /batchSize is 5, but data.b holds only 4 samples/);
  assert.throws(() => unpaired({}), /pass an object of tensors/);
  tf.dispose([a, b]);
});
