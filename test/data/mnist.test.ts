import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';

import { loadMnist, mnistDataset, type MnistPackage } from '../../src/data/mnist.js';
import { importOptionalPackage } from '../../src/io/optional_package.js';

const raw = createRequire(import.meta.url)('mnist') as { length: number; raw: number[] }[];

before(async () => {
  await tf.setBackend('cpu');
});

describe('loadMnist', () => {
  it('returns the 10,000 digits in [−1, 1] with labels 0–9, round-robin over the classes', async () => {
    const before = tf.memory().numTensors;
    const { images, labels } = await loadMnist();
    assert.deepEqual(images.shape, [10000, 28, 28, 1]);
    assert.equal(labels.dtype, 'int32');
    const l = labels.dataSync();
    assert.deepEqual([...l.subarray(0, 12)], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    const counts = new Array<number>(10).fill(0);
    for (const v of l) counts[v]! += 1;
    assert.deepEqual(counts, raw.map((d) => d.length));
    const px = images.dataSync();
    let min = Infinity;
    let max = -Infinity;
    for (const v of px) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assert.equal(min, -1);
    assert.equal(max, 1);
    // Image 13 is the second 3 (round 1, class 3): its pixels are the package's sample 1 of digit 3, as 2g − 1.
    for (const p of [0, 200, 350, 400, 783]) {
      assert.ok(Math.abs(px[13 * 784 + p]! - (2 * raw[3]!.raw[784 + p]! - 1)) < 1e-6, `pixel ${p}`);
    }
    tf.dispose([images, labels]);
    assert.equal(tf.memory().numTensors, before);
  });

  it('splits 90/10 per class without overlap, and count keeps a class-balanced prefix', async () => {
    const train = await loadMnist({ split: 'train' });
    const test = await loadMnist({ split: 'test' });
    assert.equal(train.images.shape[0], 9003);
    assert.equal(test.images.shape[0], 997);
    // The first test 0 is sample 901 of class 0 (1001 samples, the last 100 are the test split).
    const first = tf.slice(test.images, [0], [1]);
    assert.ok(Math.abs(first.dataSync()[300]! - (2 * raw[0]!.raw[901 * 784 + 300]! - 1)) < 1e-6);
    const few = await loadMnist({ split: 'train', count: 25 });
    assert.deepEqual([...few.labels.dataSync()], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4]);
    tf.dispose([train.images, train.labels, test.images, test.labels, first, few.images, few.labels]);
  });

  it('converts the package object directly (the browser path)', () => {
    const { images, labels } = mnistDataset(raw as unknown as MnistPackage, { split: 'test', count: 3 });
    assert.deepEqual(images.shape, [3, 28, 28, 1]);
    assert.deepEqual([...labels.dataSync()], [0, 1, 2]);
    tf.dispose([images, labels]);
    assert.throws(() => mnistDataset(raw as unknown as MnistPackage, { count: 1.5 }), /^Error: mnistDataset: count must be a positive integer, got 1.5/);
    assert.throws(() => mnistDataset([{ id: 0, length: 2, raw: [0, 1] }]), /digits\[0\] is not a class of the mnist package: 2 samples but 2 pixels/);
  });

  it('rejects bad options', async () => {
    await assert.rejects(loadMnist({ count: 0 }), /count must be a positive integer, got 0/);
    await assert.rejects(loadMnist({ split: 'test', count: 998 }), /count 998 is more than the 997 digits of split 'test'/);
    await assert.rejects(loadMnist({ split: 'valid' as 'all' }), /split must be 'all', 'train' or 'test', got "valid"/);
  });
});

describe('importOptionalPackage', () => {
  it('says how to install a missing package, and rethrows other failures', async () => {
    const missing = 'gan-kit-no-such-package';
    await assert.rejects(
      importOptionalPackage(missing, 'loadThing'),
      { message: "gan-kit: loadThing needs the optional package 'gan-kit-no-such-package': run npm install gan-kit-no-such-package" },
    );
    // A package that is installed but whose own import fails is not reported as missing.
    const dir = await mkdtemp(join(tmpdir(), 'gan-kit-optional-'));
    const broken = join(dir, 'broken.mjs');
    await writeFile(broken, "import 'gan-kit-no-such-dependency';");
    await assert.rejects(importOptionalPackage(pathToFileURL(broken).href, 'f'), (error: Error) => !error.message.startsWith('gan-kit:'));
    await rm(dir, { recursive: true, force: true });
  });
});
