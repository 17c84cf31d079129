import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadUnpairedImages } from '../../src/data/unpaired_images.js';
import { folderWith, greyPng } from '../helpers/image_files.js';

let dir = '';
before(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'gan-kit-unpaired-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const png = greyPng;
const folder = (name: string, files: Record<string, Uint8Array | string>) => folderWith(dir, name, files);
const values = (t: tf.Tensor) => Array.from(t.dataSync());

test('unpaired domains load with the same options; errors say which domain', async () => {
  const a = await folder('unpaired/a', { '1.png': png(4, 4, () => 0), '2.png': png(4, 4, () => 0), '3.png': png(4, 4, () => 0) });
  const b = await folder('unpaired/b', { 'z.png': png(8, 8, () => 255) });
  const before = tf.memory().numTensors;
  const data = await loadUnpairedImages({ a, b }, { height: 2, width: 2, channels: 3 });
  assert.deepEqual(data.a.images.shape, [3, 2, 2, 3]);
  assert.deepEqual(data.b.images.shape, [1, 2, 2, 3]);
  assert.equal(data.a.kind, 'image-folder');
  assert.deepEqual(data.b.files, [join(b, 'z.png')]);
  assert.ok(values(data.b.images).every((v) => v === 1));
  tf.dispose([data.a.images, data.b.images]);
  const empty = await folder('unpaired/empty', {});
  await assert.rejects(loadUnpairedImages({ a, b: empty }, { height: 2, width: 2, channels: 3 }), new RegExp(`loadUnpairedImages: domain B \\("${empty}"\\): loadImageFolder: the folder "${empty}" holds no`));
  await assert.rejects(loadUnpairedImages({ a: join(dir, 'missing'), b }, { height: 2, width: 2, channels: 3 }), /loadUnpairedImages: domain A \("[^"]*missing"\): loadImageDataset: cannot read/);
  await assert.rejects(loadUnpairedImages({ a } as never, {}), /sources must be \{ a: path, b: path \}/);
  assert.equal(tf.memory().numTensors, before, 'domain A is disposed when B fails');
});
