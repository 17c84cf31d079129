import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import jpeg from 'jpeg-js';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PNG } from 'pngjs';

import { loadImageFolder } from '../../src/data/image_folder.js';

let dir = '';
before(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'gan-kit-folder-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Rgba = [number, number, number, number];

/** RGBA bytes of a width × height picture whose pixel (x, y) is colour(x, y). */
function pixels(width: number, height: number, colour: (x: number, y: number) => Rgba): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(colour(x, y), 4 * (y * width + x));
  return data;
}

function png(width: number, height: number, colour: (x: number, y: number) => Rgba): Buffer {
  const image = new PNG({ width, height });
  pixels(width, height, colour).copy(image.data);
  return PNG.sync.write(image);
}

const unit = (v: number): number => v / 127.5 - 1;
const RED: Rgba = [255, 0, 0, 255];
const BLUE: Rgba = [0, 0, 255, 255];

async function folder(name: string, files: Record<string, Uint8Array | string>): Promise<string> {
  const path = join(dir, name);
  await mkdir(path);
  for (const [file, content] of Object.entries(files)) await writeFile(join(path, file), content);
  return path;
}

describe('loadImageFolder', () => {
  it('reads PNG and JPEG files in name order, skips other files, resizes to [n, h, w, c] in [−1, 1]', async () => {
    const path = await folder('good', {
      'b.png': png(4, 2, (x) => (x < 2 ? RED : BLUE)),
      'a.PNG': png(8, 8, () => [100, 150, 200, 255]),
      'c.jpg': jpeg.encode({ width: 16, height: 16, data: pixels(16, 16, () => [40, 80, 120, 255]) }, 100).data,
      'notes.txt': 'not an image',
    });
    await mkdir(join(path, 'sub.png'));
    const before = tf.memory().numTensors;
    const { images, files } = await loadImageFolder(path, { height: 1, width: 2, channels: 3 });
    assert.deepEqual(files, ['a.PNG', 'b.png', 'c.jpg'].map((f) => join(path, f)));
    assert.deepEqual(images.shape, [3, 1, 2, 3]);
    const v = images.dataSync();
    const expected = [
      [100, 150, 200, 100, 150, 200], // a: a solid colour stays that colour
      [255, 0, 0, 0, 0, 255], // b: 4×2 → 2×1 averages each 2×2 half: red | blue
      [40, 80, 120, 40, 80, 120], // c: JPEG at quality 100, within a few levels
    ];
    expected.forEach((row, i) => {
      row.forEach((byte, j) => {
        const tolerance = i === 2 ? 3 / 127.5 : 1e-5;
        assert.ok(Math.abs(v[i * 6 + j]! - unit(byte)) <= tolerance, `image ${i} value ${j}: ${v[i * 6 + j]} vs ${unit(byte)}`);
      });
    });
    images.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it('converts to grey by luma, composites transparency over black, crops the centre on request, honours count', async () => {
    const path = await folder('grey', {
      '1.png': png(2, 2, () => [100, 150, 200, 255]),
      '2.png': png(2, 2, () => [255, 255, 255, 0]),
      '3.png': png(6, 2, (x) => (x >= 2 && x < 4 ? RED : BLUE)),
    });
    const grey = await loadImageFolder(path, { height: 1, width: 1, channels: 1, count: 2 });
    assert.deepEqual(grey.images.shape, [2, 1, 1, 1]);
    const g = grey.images.dataSync();
    assert.ok(Math.abs(g[0]! - unit(0.299 * 100 + 0.587 * 150 + 0.114 * 200)) < 1e-5, `luma ${g[0]}`);
    assert.equal(g[1], -1);
    const cropped = await loadImageFolder(path, { height: 2, width: 2, channels: 3, fit: 'center-crop' });
    const c = (await cropped.images.array())[2]!;
    for (const row of c) for (const px of row) assert.deepEqual(px, [1, -1, -1]);
    tf.dispose([grey.images, cropped.images]);
  });

  it('names the file that cannot be decoded, and rejects bad folders and options', async () => {
    const before = tf.memory().numTensors;
    const corrupt = await folder('corrupt', { 'a.png': png(2, 2, () => RED), 'b.png': 'garbage, not a PNG' });
    await assert.rejects(loadImageFolder(corrupt, { height: 2, width: 2, channels: 3 }), /cannot decode "[^"]*b\.png": it is neither a PNG nor a JPEG \(it starts with bytes 67 61 72 62\)/);
    const broken = png(4, 4, () => RED);
    const brokenPng = await folder('broken', { 'x.png': broken.subarray(0, broken.length - 20) });
    await assert.rejects(loadImageFolder(brokenPng, { height: 2, width: 2, channels: 3 }), /cannot decode "[^"]*x\.png": not a readable PNG/);
    const badJpeg = await folder('badjpeg', { 'y.jpeg': Buffer.from([0xff, 0xd8, 0xff, 0, 1, 2, 3]) });
    await assert.rejects(loadImageFolder(badJpeg, { height: 2, width: 2, channels: 3 }), /cannot decode "[^"]*y\.jpeg": not a readable JPEG/);
    const header = new DataView(new ArrayBuffer(33));
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52].forEach((b, i) => header.setUint8(i, b));
    header.setUint32(16, 100000);
    header.setUint32(20, 100000);
    const giant = await folder('giant', { 'huge.png': new Uint8Array(header.buffer) });
    await assert.rejects(loadImageFolder(giant, { height: 2, width: 2, channels: 3 }), /cannot decode "[^"]*huge\.png": its header declares 100000 × 100000 pixels, more than the 100 million/);
    const empty = await folder('empty', { 'readme.md': '# nothing' });
    await assert.rejects(loadImageFolder(empty, { height: 2, width: 2, channels: 3 }), /"[^"]*empty" holds no \.png, \.jpg or \.jpeg file/);
    await assert.rejects(loadImageFolder(join(dir, 'missing'), { height: 2, width: 2, channels: 3 }), /cannot list the folder "[^"]*missing": ENOENT/);
    await assert.rejects(loadImageFolder(corrupt, { height: 0, width: 2, channels: 3 }), /height must be a positive integer, got 0/);
    await assert.rejects(loadImageFolder(corrupt, { height: 2, width: 2, channels: 2 as 3 }), /channels must be 1 or 3, got 2/);
    await assert.rejects(loadImageFolder(corrupt, { height: 2, width: 2, channels: 3, count: 3 }), /count 3 is more than the 2 images/);
    assert.equal(tf.memory().numTensors, before);
  });
});
