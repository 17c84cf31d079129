import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';

import { loadIdx, parseIdx } from '../../src/data/idx.js';

let dir = '';
before(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'gan-kit-idx-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An unsigned-byte IDX file: magic 0x000008<rank>, big-endian dims, then the values. */
function idxBytes(shape: number[], values: number[]): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * shape.length));
  header.setUint32(0, 0x00000800 + shape.length);
  shape.forEach((d, i) => header.setUint32(4 + 4 * i, d));
  return new Uint8Array([...new Uint8Array(header.buffer), ...values]);
}

// Two 2×3 images and their labels.
const PIXELS = [0, 255, 51, 102, 127, 200, 10, 20, 30, 40, 50, 60];
const LABELS = [7, 3];

async function write(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

describe('parseIdx', () => {
  it('reads the shape and the values', () => {
    const array = parseIdx(idxBytes([2, 2, 3], PIXELS), 'x');
    assert.deepEqual(array.shape, [2, 2, 3]);
    assert.deepEqual([...array.data], PIXELS);
  });

  it('rejects short, mistyped, truncated and overlong files, naming the file', () => {
    assert.throws(() => parseIdx(new Uint8Array([0, 0]), 'a.idx'), /"a\.idx" is not a valid IDX file: it has 2 bytes/);
    assert.throws(() => parseIdx(new Uint8Array([1, 2, 8, 1, 0, 0, 0, 0]), 'b'), /magic number 0x01020801 does not start with two zero bytes/);
    assert.throws(() => parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 0]), 'c'), /type code 0x0d .* not 0x08/);
    assert.throws(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 2]), 'd'), /declares 3 dimensions but the file ends after 8 bytes/);
    const full = idxBytes([2, 2, 3], PIXELS);
    assert.throws(() => parseIdx(full.subarray(0, full.length - 1), 'e'), /"e".*declares shape \[2, 2, 3\] = 12 bytes of data but only 11 follow \(truncated\?\)/);
    assert.throws(() => parseIdx(new Uint8Array([...full, 0]), 'f'), /12 bytes of data but 13 follow/);
  });

  it('rejects a header declaring 2^31 items of a tiny file without allocating them', () => {
    const huge = idxBytes([2 ** 31, 28, 28], [1, 2, 3]);
    const heapBefore = process.memoryUsage().arrayBuffers;
    assert.throws(() => parseIdx(huge, 'huge'), /declares shape \[2147483648, 28, 28\] = 1683627180032 bytes of data but only 3 follow/);
    assert.ok(process.memoryUsage().arrayBuffers - heapBefore < 1e6);
  });
});

describe('loadIdx', () => {
  it('round-trips images and labels, plain and gzip-compressed, scaled to [−1, 1]', async () => {
    const before = tf.memory().numTensors;
    const images = await write('img-idx3-ubyte', idxBytes([2, 2, 3], PIXELS));
    const labels = await write('lbl-idx1-ubyte.gz', gzipSync(idxBytes([2], LABELS)));
    const imagesGz = await write('img-idx3-ubyte.gz', gzipSync(idxBytes([2, 2, 3], PIXELS)));
    for (const path of [images, imagesGz]) {
      const data = await loadIdx({ images: path, labels });
      assert.deepEqual(data.images.shape, [2, 2, 3, 1]);
      const values = data.images.dataSync();
      PIXELS.forEach((p, i) => assert.ok(Math.abs(values[i]! - (p / 127.5 - 1)) < 1e-6, `pixel ${i}: ${values[i]}`));
      assert.equal(values[0], -1);
      assert.equal(values[1], 1);
      assert.equal(data.labels?.dtype, 'int32');
      assert.deepEqual([...data.labels!.dataSync()], LABELS);
      tf.dispose([data.images, data.labels!]);
    }
    const first = await loadIdx({ images, count: 1 });
    assert.equal(first.labels, undefined);
    assert.deepEqual(first.images.shape, [1, 2, 3, 1]);
    assert.ok(Math.abs(first.images.dataSync()[5]! - (200 / 127.5 - 1)) < 1e-6);
    first.images.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it('rejects swapped, mismatched, truncated, corrupt-gzip and missing files with messages naming them', async () => {
    const before = tf.memory().numTensors;
    const images = await write('i3', idxBytes([2, 2, 3], PIXELS));
    const labels = await write('l1', idxBytes([2], LABELS));
    const threeLabels = await write('l3', idxBytes([3], [1, 2, 3]));
    const truncated = await write('t.gz', gzipSync(idxBytes([2, 2, 3], PIXELS)).subarray(0, 20));
    const cut = idxBytes([2, 2, 3], PIXELS).subarray(0, 20);
    const cutPath = await write('cut', cut);
    await assert.rejects(loadIdx({ images: labels }), /"[^"]*l1" has magic number 0x00000801 \(shape \[2\]\); images need 0x00000803/);
    await assert.rejects(loadIdx({ images, labels: images }), /"[^"]*i3" has magic number 0x00000803.*labels need 0x00000801/);
    await assert.rejects(loadIdx({ images, labels: threeLabels }), /holds 2 images but "[^"]*l3" holds 3 labels/);
    await assert.rejects(loadIdx({ images: truncated }), /"[^"]*t\.gz" starts like a gzip file but cannot be inflated/);
    await assert.rejects(loadIdx({ images: cutPath }), /"[^"]*cut" is not a valid IDX file.*only 4 follow/);
    await assert.rejects(loadIdx({ images: join(dir, 'nope') }), /loadIdx: cannot read "[^"]*nope": ENOENT/);
    await assert.rejects(loadIdx({ images, count: 3 }), /count 3 is more than the 2 images/);
    await assert.rejects(loadIdx({ images, count: 0 }), /count must be a positive integer, got 0/);
    assert.equal(tf.memory().numTensors, before);
  });
});
