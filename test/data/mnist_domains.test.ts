import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../helpers/backend.js';
import { loadMnist } from '../../src/data/mnist.js';
import { dilateImages } from '../../src/data/morphology.js';
import { sobelEdgeMaps } from '../../src/data/edge_maps.js';
import { loadMnistEdgePairs, loadMnistStrokeDomains, loadMnistSuperResolutionPairs } from '../../src/data/mnist_domains.js';
import { strokeArea } from '../../src/metrics/stroke_area.js';

await useCpu();

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const classCounts = (labels: tf.Tensor) => Array.from(labels.dataSync()).reduce((c, l) => (c[l]!++, c), new Array<number>(10).fill(0));

test('stroke domains: two disjoint class-balanced halves of the held-out digits, B thickened (about twice the stroke area)', async () => {
  const before = tf.memory().numTensors;
  const { a, b } = await loadMnistStrokeDomains({ split: 'test' });
  const digits = await loadMnist({ split: 'test' });
  // The expected halves, by hand: each class's 1st, 3rd, … drawing to A, its 2nd, 4th, … to B.
  const labels = Array.from(digits.labels.dataSync());
  const seen = new Array<number>(10).fill(0);
  const half = labels.map((l) => seen[l]!++ % 2);
  const rows = (h: number) => half.flatMap((v, i) => (v === h ? [i] : []));
  assert.deepEqual([a.images.shape, b.images.shape], [[rows(0).length, 28, 28, 1], [rows(1).length, 28, 28, 1]]);
  assert.ok(rows(0).length - rows(1).length <= 10 && rows(1).length > 490, `${rows(0).length} and ${rows(1).length} digits`);
  tf.tidy(() => {
    const expectedA = tf.gather(digits.images, rows(0));
    const originalB = tf.gather(digits.images, rows(1)) as tf.Tensor4D;
    assert.deepEqual(Array.from(a.images.dataSync()), Array.from(expectedA.dataSync()), 'A holds the digits as written');
    assert.deepEqual(Array.from(b.images.dataSync()), Array.from(dilateImages(originalB, { element: 'cross' }).dataSync()), 'B holds the other half, dilated');
    assert.deepEqual(Array.from(a.labels.dataSync()), rows(0).map((i) => labels[i]));
    // No drawing is in both: no A image equals an original B image.
    const key = (images: tf.Tensor) => {
      const v = images.dataSync();
      return new Set(Array.from({ length: images.shape[0]! }, (_, i) => v.slice(i * 784, (i + 1) * 784).join(',')));
    };
    const inA = key(expectedA);
    assert.ok([...key(originalB)].every((k) => !inA.has(k)), 'disjoint halves');
  });
  // Each class is split in two halves of equal size, or A has one more.
  const [countsA, countsB] = [classCounts(a.labels), classCounts(b.labels)];
  countsA.forEach((c, k) => assert.ok(c - countsB[k]! >= 0 && c - countsB[k]! <= 1 && c >= 40, `class ${k}: ${c} vs ${countsB[k]}`));
  const ratio = mean(strokeArea(b.images)) / mean(strokeArea(a.images));
  assert.ok(ratio > 1.5 && ratio < 2.1, `stroke area ratio B/A ${ratio}`);
  const first = await loadMnistStrokeDomains({ split: 'test', count: 30 });
  assert.deepEqual([first.a.images.shape[0], first.b.images.shape[0]], [30, 30]);
  assert.deepEqual(Array.from(first.a.labels.dataSync()), Array.from(a.labels.dataSync()).slice(0, 30));
  tf.dispose([a.images, a.labels, b.images, b.labels, digits.images, digits.labels, first.a.images, first.a.labels, first.b.images, first.b.labels]);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
});

test('edge pairs and super-resolution pairs: the same drawings, A derived from B', async () => {
  const before = tf.memory().numTensors;
  const edges = await loadMnistEdgePairs({ split: 'test', count: 20 });
  const digits = await loadMnist({ split: 'test', count: 20 });
  assert.deepEqual(Array.from(edges.b.dataSync()), Array.from(digits.images.dataSync()));
  assert.deepEqual(Array.from(edges.labels.dataSync()), Array.from(digits.labels.dataSync()));
  tf.tidy(() => assert.deepEqual(Array.from(edges.a.dataSync()), Array.from(sobelEdgeMaps(digits.images).dataSync())));
  const sr = await loadMnistSuperResolutionPairs({ split: 'test', count: 20 });
  assert.deepEqual(sr.a.shape, [20, 14, 14, 1]);
  // Area down-sampling: low-res pixel (i, j) is the mean of the 2×2 block at (2i, 2j).
  const [low, high] = [sr.a.arraySync(), sr.b.arraySync()];
  for (const [s, i, j] of [[0, 7, 7], [5, 3, 9], [19, 13, 0]] as const) {
    const block = [high[s]![2 * i]![2 * j]![0]!, high[s]![2 * i]![2 * j + 1]![0]!, high[s]![2 * i + 1]![2 * j]![0]!, high[s]![2 * i + 1]![2 * j + 1]![0]!];
    assert.ok(Math.abs(low[s]![i]![j]![0]! - mean(block)) < 1e-6, `pixel ${s} ${i} ${j}`);
  }
  const quarter = await loadMnistSuperResolutionPairs({ split: 'test', count: 3, factor: 4 });
  assert.deepEqual(quarter.a.shape, [3, 7, 7, 1]);
  tf.dispose([edges.a, edges.b, edges.labels, digits.images, digits.labels, sr.a, sr.b, sr.labels, quarter.a, quarter.b, quarter.labels]);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  await assert.rejects(loadMnistEdgePairs({ split: 'test', count: 998 }), /loadMnistEdgePairs: options.count must be an integer from 1 to 997/);
  await assert.rejects(loadMnistStrokeDomains({ split: 'all' as 'test' }), /options.split must be 'train' or 'test', but got "all"/);
  await assert.rejects(loadMnistSuperResolutionPairs({ factor: 3 as 2 }), /options.factor must be 2 or 4, but got 3/);
  assert.equal(tf.memory().numTensors, before, 'nothing leaked by the errors');
});
