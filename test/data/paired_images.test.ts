import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadPairedImages } from '../../src/data/paired_images.js';
import { folderWith, greyPng } from '../helpers/image_files.js';

let dir = '';
before(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'gan-kit-pairs-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const png = greyPng;
const folder = (name: string, files: Record<string, Uint8Array | string>) => folderWith(dir, name, files);

const unit = (v: number) => v / 127.5 - 1;
const values = (t: tf.Tensor) => Array.from(t.dataSync());

test('side-by-side pairs are split at half the width (A left unless order is ba), resized, in name order', async () => {
  // 4 × 2 images: the left half is grey level 10·k, the right half 200 + k, for file k.
  const path = await folder('facades', {
    '2.png': png(4, 2, (x) => (x < 2 ? 20 : 202)),
    '1.png': png(4, 2, (x) => (x < 2 ? 10 : 201)),
    'readme.txt': 'not an image',
  });
  const before = tf.memory().numTensors;
  const { a, b, files } = await loadPairedImages({ sideBySide: path }, { height: 1, width: 1, channels: 1 });
  assert.deepEqual(files, [{ a: join(path, '1.png'), b: join(path, '1.png') }, { a: join(path, '2.png'), b: join(path, '2.png') }]);
  assert.deepEqual(a.shape, [2, 1, 1, 1]);
  values(a).forEach((v, i) => assert.ok(Math.abs(v - unit([10, 20][i]!)) < 1e-5, `A ${i}: ${v}`));
  values(b).forEach((v, i) => assert.ok(Math.abs(v - unit([201, 202][i]!)) < 1e-5, `B ${i}: ${v}`));
  const swapped = await loadPairedImages({ sideBySide: path, order: 'ba' }, { height: 2, width: 2, channels: 3, count: 1 });
  assert.deepEqual(swapped.a.shape, [1, 2, 2, 3]);
  assert.ok(values(swapped.a).every((v) => Math.abs(v - unit(201)) < 1e-5));
  assert.ok(values(swapped.b).every((v) => Math.abs(v - unit(10)) < 1e-5));
  tf.dispose([a, b, swapped.a, swapped.b]);
  assert.equal(tf.memory().numTensors, before);
});

test('two folders pair up by name without extension, whatever the sizes', async () => {
  const edges = await folder('two/edges', { 'x.png': png(2, 2, () => 0), 'y.png': png(6, 6, () => 50) });
  const photos = await folder('two/photos', { 'y.png': png(3, 3, () => 150), 'x.png': png(4, 4, () => 255) });
  const { a, b, files } = await loadPairedImages({ a: edges, b: photos }, { height: 2, width: 2, channels: 1 });
  assert.deepEqual(files.map((f) => [f.a, f.b]), [[join(edges, 'x.png'), join(photos, 'x.png')], [join(edges, 'y.png'), join(photos, 'y.png')]]);
  assert.deepEqual(values(a).map((v) => Math.round((v + 1) * 127.5)), [0, 0, 0, 0, 50, 50, 50, 50]);
  assert.deepEqual(values(b).map((v) => Math.round((v + 1) * 127.5)), [255, 255, 255, 255, 150, 150, 150, 150]);
  tf.dispose([a, b]);
});

test('errors name the folder or file: unmatched names, odd widths, duplicated names, empty folders, bad options', async () => {
  const options = { height: 2, width: 2, channels: 1 } as const;
  const a = await folder('bad/a', { '1.png': png(2, 2, () => 0), '2.png': png(2, 2, () => 0), '3.png': png(2, 2, () => 0) });
  const b = await folder('bad/b', { '1.png': png(2, 2, () => 0), '4.png': png(2, 2, () => 0) });
  await assert.rejects(loadPairedImages({ a, b }, options), new RegExp(
    `loadPairedImages: images pair up by file name without extension, but 2 image\\(s\\) of "${a}" have no partner in "${b}" \\(2, 3\\) and 1 image\\(s\\) of "${b}" have no partner in "${a}" \\(4\\)`,
  ));
  const odd = await folder('bad/odd', { 'o.png': png(5, 2, () => 0) });
  await assert.rejects(loadPairedImages({ sideBySide: odd }, options), /"[^"]*o\.png" is 5 pixels wide, which cannot be split into two halves/);
  const twice = await folder('bad/twice', { 'p.png': png(2, 2, () => 0), 'p.jpg': png(2, 2, () => 0) });
  await assert.rejects(loadPairedImages({ a: twice, b }, options), /"[^"]*p\.jpg" and "[^"]*p\.png" have the same name without extension/);
  const empty = await folder('bad/empty', { 'note.txt': 'x' });
  await assert.rejects(loadPairedImages({ sideBySide: empty }, options), /loadPairedImages: the folder "[^"]*empty" holds no .png, .jpg or .jpeg file/);
  const broken = await folder('bad/broken', { 'z.png': 'not a png' });
  await assert.rejects(loadPairedImages({ sideBySide: broken }, options), /loadPairedImages: cannot decode "[^"]*z\.png": it is neither a PNG nor a JPEG/);
  await assert.rejects(loadPairedImages({ sideBySide: odd }, { ...options, count: 2 }), /count 2 is more than the 1 pairs found/);
  await assert.rejects(loadPairedImages({ folder: a } as never, options), /source must be \{ sideBySide: folder \} or \{ a: folderA, b: folderB \}/);
  await assert.rejects(loadPairedImages({ sideBySide: a, order: 'left' as 'ab' }, options), /source.order must be 'ab' \(A on the left\) or 'ba'/);
  await assert.rejects(loadPairedImages({ sideBySide: a }, { ...options, channels: 2 as 1 }), /channels must be 1 or 3, got 2/);
});
