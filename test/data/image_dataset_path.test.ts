import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';

import { loadImageDataset } from '../../src/data/image_dataset_path.js';

let dir = '';
before(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'gan-kit-path-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An unsigned-byte IDX file of `shape` whose values are all `value`. */
function idx(shape: number[], value: number): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * shape.length));
  header.setUint32(0, 0x00000800 + shape.length);
  shape.forEach((d, i) => header.setUint32(4 + 4 * i, d));
  return new Uint8Array([...new Uint8Array(header.buffer), ...new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(value)]);
}

/** A CIFAR-10 record of one label whose pixels are all `value`. */
const cifarRecord = (label: number, value: number): Uint8Array => new Uint8Array([label, ...new Array<number>(3072).fill(value)]);

async function folder(name: string, files: Record<string, Uint8Array>): Promise<string> {
  const path = join(dir, name);
  await mkdir(path);
  for (const [file, content] of Object.entries(files)) await writeFile(join(path, file), content);
  return path;
}

describe('loadImageDataset', () => {
  it('recognizes an IDX folder, prefers the training files and pairs the labels', async () => {
    const before = tf.memory().numTensors;
    const path = await folder('fashion', {
      't10k-images-idx3-ubyte.gz': gzipSync(idx([1, 2, 2], 0)),
      't10k-labels-idx1-ubyte.gz': gzipSync(idx([1], 1)),
      'train-images-idx3-ubyte.gz': gzipSync(idx([3, 2, 2], 255)),
      'train-labels-idx1-ubyte.gz': gzipSync(idx([3], 7)),
    });
    const data = await loadImageDataset(path);
    assert.equal(data.kind, 'idx');
    assert.deepEqual(data.files, [join(path, 'train-images-idx3-ubyte.gz'), join(path, 'train-labels-idx1-ubyte.gz')]);
    assert.deepEqual(data.images.shape, [3, 2, 2, 1]);
    assert.deepEqual([...data.labels!.dataSync()], [7, 7, 7]);
    const file = await loadImageDataset(join(path, 't10k-images-idx3-ubyte.gz'), { height: 4, width: 4, channels: 3 });
    assert.deepEqual(file.images.shape, [1, 4, 4, 3]);
    assert.deepEqual([...new Set(file.images.dataSync())], [-1]);
    assert.deepEqual([...file.labels!.dataSync()], [1]);
    tf.dispose([data.images, data.labels!, file.images, file.labels!]);
    assert.equal(tf.memory().numTensors, before);
  });

  it('recognizes a CIFAR-10 folder, reading data_batch_N in order of N, and a single .bin file', async () => {
    const path = await folder('cifar', {
      'batches.meta.txt': new TextEncoder().encode('airplane\n'),
      'data_batch_10.bin': cifarRecord(3, 0),
      'data_batch_2.bin': cifarRecord(2, 0),
      'data_batch_1.bin': cifarRecord(1, 0),
      'test_batch.bin': cifarRecord(9, 0),
    });
    const data = await loadImageDataset(path, { count: 3 });
    assert.equal(data.kind, 'cifar10');
    assert.deepEqual([...data.labels!.dataSync()], [1, 2, 3]);
    const test = await loadImageDataset(join(path, 'test_batch.bin'), { height: 8, width: 8, channels: 1 });
    assert.deepEqual(test.images.shape, [1, 8, 8, 1]);
    assert.ok(Math.abs(test.images.dataSync()[0]! - (0 / 127.5 - 1)) < 1e-6);
    tf.dispose([data.images, data.labels!, test.images, test.labels!]);
  });

  it('takes any other folder as images, which needs a size', async () => {
    const image = new PNG({ width: 2, height: 2 });
    image.data.fill(255);
    const path = await folder('pictures', { 'a.png': PNG.sync.write(image) });
    await assert.rejects(loadImageDataset(path), /"[^"]*pictures" is taken as a folder of images, which needs height, width and channels/);
    const data = await loadImageDataset(path, { height: 3, width: 3, channels: 1 });
    assert.equal(data.kind, 'image-folder');
    assert.deepEqual(data.images.shape, [1, 3, 3, 1]);
    assert.deepEqual(data.files, [join(path, 'a.png')]);
    data.images.dispose();
  });

  it('rejects a missing path and half a size', async () => {
    await assert.rejects(loadImageDataset(join(dir, 'nothing')), /cannot read "[^"]*nothing": ENOENT/);
    await assert.rejects(loadImageDataset(dir, { height: 4 }), /pass both height and width or neither; got height 4 and width undefined/);
  });
});
