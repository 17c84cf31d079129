import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PNG } from 'pngjs';

import { imageGrid, writeImageGrid } from '../../src/io/image_grid.js';
import { encodePng } from '../../src/io/png.js';
import type { RgbaImage } from '../../src/io/raster.js';

let dir = '';
before(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'gan-kit-grid-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rgba = (image: RgbaImage, x: number, y: number): number[] => [...image.data.subarray(4 * (y * image.width + x), 4 * (y * image.width + x) + 4)];

describe('imageGrid', () => {
  // Three 2×2 grey images: image i has values [[a, b], [c, d]] = i-th row below.
  const values = [
    [-1, 1, 0, 0.5],
    [1, 1, 1, 1],
    [-0.2, 2, -3, NaN],
  ];

  it('tiles row by row with padding, mapping [−1, 1] to bytes and clipping', async () => {
    const before = tf.memory().numTensors;
    const images = tf.tensor4d(values.flat(), [3, 2, 2, 1]);
    const grid = await imageGrid(images, { columns: 2, padding: 1 });
    // 2 columns × (2 + 1) + 1 = 7 wide, 2 rows × 3 + 1 = 7 high.
    assert.equal(grid.width, 7);
    assert.equal(grid.height, 7);
    assert.deepEqual(rgba(grid, 0, 0), [0, 0, 0, 255]); // padding
    assert.deepEqual(rgba(grid, 1, 1), [0, 0, 0, 255]); // image 0 (0, 0) = −1
    assert.deepEqual(rgba(grid, 2, 1), [255, 255, 255, 255]); // image 0 (0, 1) = 1
    assert.deepEqual(rgba(grid, 1, 2), [128, 128, 128, 255]); // 0 → round(127.5)
    assert.deepEqual(rgba(grid, 2, 2), [191, 191, 191, 255]); // 0.5 → round(191.25)
    assert.deepEqual(rgba(grid, 4, 1), [255, 255, 255, 255]); // image 1, second column
    assert.deepEqual(rgba(grid, 1, 4), [102, 102, 102, 255]); // image 2: −0.2 → round(102)
    assert.deepEqual(rgba(grid, 2, 4), [255, 255, 255, 255]); // 2 clipped to 1
    assert.deepEqual(rgba(grid, 1, 5), [0, 0, 0, 255]); // −3 clipped to −1
    assert.deepEqual(rgba(grid, 4, 4), [0, 0, 0, 255]); // the empty fourth cell stays black
    images.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it('draws RGB images, scales by blocks, defaults to a square-ish grid', async () => {
    const images = tf.tensor4d([1, -1, -1, -1, 1, -1, -1, -1, 1, 1, 1, 1], [4, 1, 1, 3]);
    const grid = await imageGrid(images, { padding: 0, scale: 3 });
    assert.equal(grid.width, 6);
    assert.equal(grid.height, 6);
    assert.deepEqual(rgba(grid, 2, 2), [255, 0, 0, 255]);
    assert.deepEqual(rgba(grid, 3, 0), [0, 255, 0, 255]);
    assert.deepEqual(rgba(grid, 0, 5), [0, 0, 255, 255]);
    assert.deepEqual(rgba(grid, 5, 5), [255, 255, 255, 255]);
    images.dispose();
  });

  it('scales small images up to minCellSize, and draws a label in a strip below the tiles', async () => {
    const images = tf.tensor4d(values.flat(), [3, 2, 2, 1]);
    const big = await imageGrid(images, { columns: 3, padding: 1, minCellSize: 7 });
    // 2-pixel images at the smallest scale reaching 7 pixels: scale 4 → 3 × (8 + 1) + 1 = 28 wide.
    assert.equal(big.width, 28);
    assert.deepEqual(rgba(big, 1 + 3, 1), [0, 0, 0, 255]); // image 0 (0, 0) = −1, scaled 4×
    assert.deepEqual(rgba(big, 1 + 4, 1), [255, 255, 255, 255]); // image 0 (0, 1) = 1
    assert.equal((await imageGrid(images, { minCellSize: 7, scale: 1, padding: 1 })).width, 7, 'an explicit scale wins');
    const labelled = await imageGrid(images, { columns: 3, padding: 1, minCellSize: 7, label: 'step 12' });
    assert.equal(labelled.width, 28);
    // 'STEP 12' is 41 font pixels wide: too wide at scale 2 for 28 pixels, so scale 1, 7 high, 4 pixels above and below.
    assert.equal(labelled.height, big.height + 7 + 8);
    assert.deepEqual(labelled.data.subarray(0, big.data.length), big.data, 'the tiles are unchanged');
    let white = 0;
    for (let y = big.height; y < labelled.height; y++) for (let x = 0; x < 28; x++) if (rgba(labelled, x, y)[0] === 255) white++;
    assert.ok(white > 20, `${white} white label pixels`);
    await assert.rejects(imageGrid(images, { minCellSize: -1 }), /minCellSize must be an integer ≥ 0, got -1/);
    images.dispose();
  });

  it('encodes to a PNG that decodes to the same pixels, and writes it', async () => {
    const images = tf.tensor4d(values.flat(), [3, 2, 2, 1]);
    const grid = await imageGrid(images, { columns: 3 });
    const png = PNG.sync.read(Buffer.from(await encodePng(grid)));
    assert.equal(png.width, grid.width);
    assert.equal(png.height, grid.height);
    assert.deepEqual(new Uint8Array(png.data), grid.data);
    const path = join(dir, 'sub', 'grid.png');
    await writeImageGrid(path, images, { columns: 3 });
    assert.deepEqual(new Uint8Array(PNG.sync.read(await readFile(path)).data), grid.data);
    images.dispose();
  });

  it('keeps transparency when a picture has it', async () => {
    const image: RgbaImage = { width: 1, height: 2, data: new Uint8Array([1, 2, 3, 255, 4, 5, 6, 7]) };
    assert.deepEqual(new Uint8Array(PNG.sync.read(Buffer.from(await encodePng(image))).data), image.data);
  });

  it('rejects bad shapes and options', async () => {
    const before = tf.memory().numTensors;
    const two = tf.zeros([2, 4, 4, 2]) as tf.Tensor4D;
    await assert.rejects(imageGrid(two), /images must have shape \[n ≥ 1, height, width, 1 or 3\], got \[2, 4, 4, 2\]/);
    const one = tf.zeros([2, 4, 4, 1]) as tf.Tensor4D;
    await assert.rejects(imageGrid(one, { columns: 0 }), /columns must be a positive integer, got 0/);
    await assert.rejects(imageGrid(one, { padding: -1 }), /padding must be an integer ≥ 0, got -1/);
    await assert.rejects(imageGrid(one, { scale: 1.5 }), /scale must be a positive integer, got 1.5/);
    await assert.rejects(encodePng({ width: 2, height: 2, data: new Uint8Array(15) }), /got 2 × 2 with 15 bytes/);
    tf.dispose([two, one]);
    assert.equal(tf.memory().numTensors, before);
  });
});
