import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PNG } from 'pngjs';

import { EMOJI_CATEGORIES, emojiDataset, loadEmoji, type EmojiPicture } from '../../src/data/emoji.js';
import { optionalPackageFolder } from '../../src/io/optional_package.js';
import type { RgbaImage } from '../../src/io/raster.js';

let dir = '';
before(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'gan-kit-emoji-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Rgba = readonly [number, number, number, number];

/** A width × height picture whose pixel (x, y) is colour(x, y). */
function picture(width: number, height: number, colour: (x: number, y: number) => Rgba): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(colour(x, y), 4 * (y * width + x));
  return { width, height, data };
}

function pngBytes(image: RgbaImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  Buffer.from(image.data).copy(png.data);
  return PNG.sync.write(png);
}

const unit = (v: number): number => v / 127.5 - 1;
const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) < 1e-5, `${what}: ${a} vs ${b}`);

/**
 * A hand-made emoji-datasource package: 12 faces (sort order 1 … 12, solid colours, the 10th half transparent), 2
 * animals, a skin-tone "Component" and a face without a picture in this set. Pictures are 4 × 4.
 */
async function fakePackage(set: string): Promise<string> {
  const folder = join(dir, set);
  await mkdir(join(folder, 'img', set, '64'), { recursive: true });
  const entries: object[] = [];
  const add = async (name: string, category: string, sortOrder: number, image: RgbaImage | undefined): Promise<void> => {
    const file = `${(0x1f600 + entries.length).toString(16)}.png`;
    entries.push({ short_name: name, image: file, category, sort_order: sortOrder, [`has_img_${set}`]: image !== undefined });
    if (image !== undefined) await writeFile(join(folder, 'img', set, '64', file), pngBytes(image));
  };
  // Listed out of order: the loader sorts each category by sort_order.
  for (const k of [12, 3, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11]) {
    // Face k: red = 20k, green = 0, blue = 255; face 10 has alpha 51 (a = 0.2).
    await add(`face${k}`, 'Smileys & Emotion', k, picture(4, 4, () => [20 * k, 0, 255, k === 10 ? 51 : 255]));
  }
  // Animal: left half opaque black, right half transparent red → after a 2× box filter, (x < 2) black, else background.
  await add('cat', 'Animals & Nature', 30, picture(4, 4, (x) => (x < 2 ? [0, 0, 0, 255] : [255, 0, 0, 0])));
  await add('dog', 'Animals & Nature', 31, picture(4, 4, () => [0, 255, 0, 255]));
  await add('skin-tone-2', 'Component', 40, picture(4, 4, () => [200, 150, 100, 255]));
  await add('missing', 'Smileys & Emotion', 0, undefined);
  await writeFile(join(folder, 'emoji.json'), JSON.stringify(entries));
  return folder;
}

describe('loadEmoji on a package the test makes', () => {
  it('composites alpha on the background, resizes, labels by category, round-robin order, skips Component and missing pictures', async () => {
    const folder = await fakePackage('twitter');
    const before = tf.memory().numTensors;
    const data = await loadEmoji({ folder, size: 2, background: [0, 128, 255], categories: ['Animals & Nature', 'Smileys & Emotion'] });
    assert.deepEqual(data.images.shape, [14, 2, 2, 3]);
    assert.deepEqual(data.categories, ['Animals & Nature', 'Smileys & Emotion']);
    assert.deepEqual(data.names, ['cat', 'face1', 'dog', 'face2', 'face3', 'face4', 'face5', 'face6', 'face7', 'face8', 'face9', 'face10', 'face11', 'face12']);
    assert.deepEqual([...data.labels.dataSync()], [0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    const px = data.images.arraySync();
    // The cat: 2 × 2 box filter over 4 × 4; left column opaque black, right column the background (0, 128, 255).
    assert.deepEqual(px[0]![0]![0], [-1, -1, -1]);
    for (const [c, v] of [0, 128, 255].entries()) close(px[0]![1]![1]![c]!, unit(v), `cat right channel ${c}`);
    // Face 3 is opaque: (60, 0, 255) everywhere.
    for (const [c, v] of [60, 0, 255].entries()) close(px[4]![1]![0]![c]!, unit(v), `face3 channel ${c}`);
    // Face 10, alpha 0.2 over (0, 128, 255): 0.2·(200, 0, 255) + 0.8·(0, 128, 255) = (40, 102.4, 255).
    for (const [c, v] of [40, 102.4, 255].entries()) close(px[11]![0]![1]![c]!, unit(v), `face10 channel ${c}`);
    tf.dispose([data.images, data.labels]);
    assert.equal(tf.memory().numTensors, before);
  });

  it('holds out every tenth emoji of each category, and count keeps a prefix', async () => {
    const folder = join(dir, 'twitter');
    const test = await loadEmoji({ folder, size: 4, split: 'test' });
    assert.deepEqual(test.names, ['face10']);
    assert.deepEqual(test.categories, [...EMOJI_CATEGORIES]);
    assert.deepEqual([...test.labels.dataSync()], [0]);
    // At size 4 nothing is resized: face 10 composited on the default white background, 0.2·(200, 0, 255) + 0.8·255.
    const pixel = tf.slice(test.images, [0, 3, 3, 0], [1, 1, 1, 3]);
    [244, 204, 255].forEach((v, c) => close(pixel.dataSync()[c]!, unit(v), `channel ${c}`));
    const train = await loadEmoji({ folder, size: 4, split: 'train', count: 3 });
    assert.deepEqual(train.names, ['face1', 'cat', 'face2']);
    assert.deepEqual([...train.labels.dataSync()], [0, 2, 0]);
    tf.dispose([test.images, test.labels, pixel, train.images, train.labels]);
    await assert.rejects(loadEmoji({ folder, split: 'test', count: 2 }), /^Error: loadEmoji: count 2 is more than the 1 emoji of split 'test'\.$/);
  });

  it('reads img/google/64 for the google set and names a picture it cannot decode', async () => {
    const folder = await fakePackage('google');
    const data = await loadEmoji({ folder, set: 'google', size: 1, categories: ['Animals & Nature'] });
    assert.deepEqual(data.names, ['cat', 'dog']);
    // Size 1: the mean of the cat's 16 pixels on white, half black and half white.
    [127.5, 127.5, 127.5].forEach((v, c) => close(data.images.dataSync()[c]!, unit(v), `channel ${c}`));
    tf.dispose([data.images, data.labels]);
    await writeFile(join(folder, 'img', 'google', '64', '1f60c.png'), 'not a png');
    await assert.rejects(loadEmoji({ folder, set: 'google', categories: ['Animals & Nature'] }), /^Error: loadEmoji: cannot decode ".*1f60c\.png": it is neither a PNG nor a JPEG/);
    await writeFile(join(folder, 'emoji.json'), '{"short_name": 1}');
    await assert.rejects(loadEmoji({ folder, set: 'google' }), /emoji\.json" is not an emoji-datasource list/);
  });

  it('rejects bad options before reading anything, naming the option and the value', async () => {
    const folder = join(dir, 'no-such-folder');
    await assert.rejects(loadEmoji({ folder, size: 65 }), /^Error: loadEmoji: size must be an integer 1 … 64 \(the pictures are 64 × 64\), got 65\.$/);
    await assert.rejects(loadEmoji({ folder, background: [0, 0, 256] }), /background must be three bytes \[red, green, blue\], each an integer 0 … 255, got \[0,0,256\]/);
    await assert.rejects(loadEmoji({ folder, split: 'valid' as 'all' }), /split must be 'all', 'train' or 'test', got "valid"/);
    await assert.rejects(loadEmoji({ folder, categories: ['Flags', 'Flags'] }), /categories must be distinct names among 'Smileys & Emotion'/);
    await assert.rejects(loadEmoji({ folder, categories: ['Component' as 'Flags'] }), /got \["Component"\]/);
    await assert.rejects(loadEmoji({ folder, count: 0 }), /count must be a positive integer, got 0/);
    await assert.rejects(loadEmoji({ folder, set: 'apple' as 'google' }), /set must be 'twitter' or 'google', got "apple"/);
    await assert.rejects(loadEmoji({ folder }), /^Error: loadEmoji: cannot read ".*no-such-folder\/emoji\.json"/);
  });
});

describe('the missing-package message', () => {
  it("says which package to install (emoji-datasource-google is not one of gan-kit's dev dependencies)", async () => {
    await assert.rejects(loadEmoji({ set: 'google' }), /^Error: gan-kit: loadEmoji needs the optional package 'emoji-datasource-google': run npm install emoji-datasource-google$/);
    await assert.rejects(optionalPackageFolder('gan-kit-no-such-package', 'someFunction'), /^Error: gan-kit: someFunction needs the optional package 'gan-kit-no-such-package': run npm install gan-kit-no-such-package$/);
  });
});

describe('emojiDataset', () => {
  it('converts pictures of any size given in memory (the browser path)', () => {
    const emoji: EmojiPicture[] = [
      { name: 'flag', category: 'Flags', sortOrder: 2, picture: picture(2, 2, () => [255, 0, 0, 255]) },
      { name: 'heart', category: 'Symbols', sortOrder: 1, picture: picture(6, 6, () => [0, 0, 0, 0]) },
    ];
    const data = emojiDataset(emoji, { size: 3, background: [0, 0, 0] });
    assert.deepEqual(data.names, ['heart', 'flag']);
    assert.deepEqual([...data.labels.dataSync()], [7, 8]);
    const values = data.images.arraySync();
    assert.deepEqual(values[0]![2]![2], [-1, -1, -1]);
    assert.deepEqual(values[1]![1]![1], [1, -1, -1]);
    tf.dispose([data.images, data.labels]);
    assert.throws(() => emojiDataset(emoji, { categories: ['Objects'] }), /^Error: emojiDataset: no emoji of the categories \["Objects"\] in split 'all'\.$/);
  });
});

describe('loadEmoji on emoji-datasource-twitter', () => {
  it('has 1,906 emoji in nine categories, 186 held out, on white, in [−1, 1]', async () => {
    const test = await loadEmoji({ split: 'test' });
    const counts = new Array<number>(9).fill(0);
    for (const l of test.labels.dataSync()) counts[l]! += 1;
    assert.deepEqual(counts, [16, 38, 15, 13, 21, 8, 26, 22, 27]);
    assert.deepEqual(test.images.shape, [186, 32, 32, 3]);
    const [min, max] = [tf.min(test.images).dataSync()[0]!, tf.max(test.images).dataSync()[0]!];
    assert.ok(min >= -1 && min < -0.9 && max === 1, `values ${min} … ${max}`);
    // Most emoji leave their corners transparent, so the top-left pixel is the white background (rounded squares,
    // flags and a few people reach into it).
    const corners = tf.min(tf.slice(test.images, [0, 0, 0, 0], [-1, 1, 1, 3]), [1, 2, 3]);
    const white = [...corners.dataSync()].filter((v) => v > 0.99).length;
    assert.ok(white > 0.8 * 186 && white < 186, `${white} of 186 corners white`);
    const train = await loadEmoji({ split: 'train', count: 100, size: 8 });
    assert.equal(train.names.filter((n) => test.names.includes(n)).length, 0, 'the splits share no emoji');
    assert.deepEqual([...train.labels.dataSync()].slice(0, 10), [0, 1, 2, 3, 4, 5, 6, 7, 8, 0]);
    tf.dispose([test.images, test.labels, corners, train.images, train.labels]);
  });
});
