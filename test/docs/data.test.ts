// The snippets of docs/data.md, run in small form on the cpu backend with hand-made files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import {
  AdversarialTrainer, CIFAR10_CLASSES, MLPGAN, gaussianMixture, grid25, loadCifar10, loadIdx, loadImageDataset,
  loadImageFolder, loadMnist, resizeImages, ring8, writePng,
} from '../../src/index.js';

await tf.setBackend('cpu');

/** An unsigned-byte IDX file: magic 0x000008dd, big-endian dimensions, then the bytes. */
function idxFile(shape: readonly number[], values: Uint8Array): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * shape.length));
  header.setUint8(2, 0x08);
  header.setUint8(3, shape.length);
  shape.forEach((d, i) => header.setUint32(4 + 4 * i, d));
  const out = new Uint8Array(header.byteLength + values.length);
  out.set(new Uint8Array(header.buffer));
  out.set(values, header.byteLength);
  return out;
}

test('data guide: loadMnist, its splits and count', async () => {
  const { images, labels } = await loadMnist();
  assert.deepEqual(images.shape, [10000, 28, 28, 1]);
  assert.deepEqual(labels.shape, [10000]);
  const [min, max] = [tf.min(images).dataSync()[0]!, tf.max(images).dataSync()[0]!];
  assert.ok(min >= -1 && min < -0.99 && max <= 1 && max > 0.99, `values in [−1, 1], saw ${min} … ${max}`);
  assert.deepEqual(Array.from(tf.slice(labels, 0, 10).dataSync()), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'round-robin over the classes');
  const train = await loadMnist({ split: 'train' });
  const held = await loadMnist({ split: 'test', count: 500 });
  assert.equal(train.images.shape[0], 9003);
  assert.equal(held.images.shape[0], 500);
  tf.dispose([images, labels, train.images, train.labels, held.images, held.labels]);
});

test('data guide: the 2-D mixtures', () => {
  const ring = ring8({ count: 2500, seed: 0 });
  const grid = grid25({ count: 2500, seed: 0 });
  const pair = gaussianMixture({ means: [[-1, 0], [1, 0]], std: 0.1, count: 1000, seed: 1 });
  assert.deepEqual(ring.samples.shape, [2500, 2]);
  assert.equal(ring.modes.length, 8);
  assert.deepEqual(ring.modes[0], [1, 0]);
  assert.ok(Math.abs(ring.modes[1]![0]! - Math.SQRT1_2) < 1e-12 && Math.abs(ring.modes[1]![1]! - Math.SQRT1_2) < 1e-12);
  assert.equal(ring.std, 0.01);
  assert.equal(grid.modes.length, 25);
  assert.equal(grid.std, 0.05);
  assert.equal(ring.components.length, 2500);
  assert.deepEqual(pair.samples.shape, [1000, 2]);
  // Every ring point lies within 6σ of the mode it was drawn from.
  const points = ring.samples.arraySync();
  points.forEach(([x, y], i) => {
    const [mx, my] = ring.modes[ring.components[i]!]!;
    assert.ok(Math.hypot(x! - mx!, y! - my!) < 0.06, `point ${i} is near its mode`);
  });
  tf.dispose([ring.samples, grid.samples, pair.samples]);
});

test('data guide: loadIdx (gzip), loadCifar10, loadImageFolder, loadImageDataset and resizeImages', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gan-kit-doc-data-'));
  try {
    // Fashion-style IDX pair: 3 images of 2×2, values 0, 255, 51 …, labels 7, 8, 9.
    await mkdir(join(dir, 'fashion'));
    const pixels = Uint8Array.from([0, 255, 51, 102, 255, 255, 0, 0, 153, 204, 0, 255]);
    await writeFile(join(dir, 'fashion', 'train-images-idx3-ubyte.gz'), gzipSync(idxFile([3, 2, 2], pixels)));
    await writeFile(join(dir, 'fashion', 'train-labels-idx1-ubyte.gz'), gzipSync(idxFile([3], Uint8Array.from([7, 8, 9]))));
    const fashion = await loadIdx({
      images: join(dir, 'fashion', 'train-images-idx3-ubyte.gz'),
      labels: join(dir, 'fashion', 'train-labels-idx1-ubyte.gz'),
    });
    assert.deepEqual(fashion.images.shape, [3, 2, 2, 1]);
    assert.deepEqual(Array.from(fashion.images.dataSync()).slice(0, 4), Array.from(Float32Array.from([-1, 1, 51 / 127.5 - 1, 102 / 127.5 - 1])));
    assert.deepEqual(Array.from(fashion.labels!.dataSync()), [7, 8, 9]);
    const any = await loadImageDataset(join(dir, 'fashion'), { count: 2 });
    assert.equal(any.kind, 'idx');
    assert.deepEqual(any.images.shape, [2, 2, 2, 1]);

    // Two CIFAR-10 records: label byte, then the R, G and B 32×32 planes.
    const record = (label: number, r: number, g: number, b: number) =>
      Uint8Array.from([label, ...new Array<number>(1024).fill(r), ...new Array<number>(1024).fill(g), ...new Array<number>(1024).fill(b)]);
    await mkdir(join(dir, 'cifar-10-batches-bin'));
    await writeFile(join(dir, 'cifar-10-batches-bin', 'data_batch_1.bin'), Uint8Array.from([...record(3, 255, 0, 0), ...record(9, 0, 0, 255)]));
    const cifar = await loadCifar10({ files: [1].map((i) => join(dir, 'cifar-10-batches-bin', `data_batch_${i}.bin`)) });
    assert.deepEqual(cifar.images.shape, [2, 32, 32, 3]);
    assert.deepEqual(Array.from(cifar.labels.dataSync()).map((l) => CIFAR10_CLASSES[l]), ['cat', 'truck']);
    assert.deepEqual(Array.from(tf.slice(cifar.images, [0, 0, 0, 0], [1, 1, 1, 3]).dataSync()), [1, -1, -1], 'channels last');
    const small = resizeImages(cifar.images, { height: 16, width: 16, channels: 1 });
    assert.deepEqual(small.shape, [2, 16, 16, 1]);
    const grey = small.dataSync()[0]!;
    assert.ok(Math.abs(grey - (0.299 * 1 + 0.587 * -1 + 0.114 * -1)) < 1e-5, `luma of pure red in [−1, 1], saw ${grey}`);

    // A folder of PNGs: a 4×2 white image and a 2×2 black one, centre-cropped to 2×2.
    await mkdir(join(dir, 'faces'));
    const png = (width: number, height: number, value: number) => ({ width, height, data: new Uint8Array(width * height * 4).fill(value).map((v, i) => (i % 4 === 3 ? 255 : v)) });
    await writePng(join(dir, 'faces', 'a.png'), png(4, 2, 255));
    await writePng(join(dir, 'faces', 'b.png'), png(2, 2, 0));
    const faces = await loadImageFolder(join(dir, 'faces'), { height: 2, width: 2, channels: 3, fit: 'center-crop' });
    assert.deepEqual(faces.images.shape, [2, 2, 2, 3]);
    assert.deepEqual(faces.files.map((f) => f.split(/[\\/]/).at(-1)), ['a.png', 'b.png']);
    assert.deepEqual([tf.max(faces.images).dataSync()[0], tf.min(faces.images).dataSync()[0]], [1, -1]);
    tf.dispose([fashion.images, fashion.labels!, any.images, any.labels!, cifar.images, cifar.labels, small, faces.images]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('data guide: fit accepts a tensor, an array, labelled data and a re-iterable async source of batches', async () => {
  const before = tf.memory().numTensors;
  const gan = new MLPGAN({ sampleShape: [2], latentDim: 2, generatorUnits: [8], discriminatorUnits: [8], outputActivation: 'linear', seed: 1 });
  const trainer = new AdversarialTrainer(gan, { seed: 1 });
  const { samples } = ring8({ count: 40, seed: 1 });
  const labels = tf.zeros([40], 'int32');

  assert.equal((await trainer.fit(samples, { epochs: 1, batchSize: 16 })).steps.length, 2, '⌊40 / 16⌋ = 2 steps');
  assert.equal((await trainer.fit(samples.arraySync(), { steps: 1, batchSize: 16 })).steps.length, 1);
  assert.equal((await trainer.fit({ samples, labels }, { steps: 1, batchSize: 16 })).steps.length, 1);

  // The guide's streaming source, over two JSON shards of 20 points in batches of 8 (the last 4 points of each are left out).
  const dir = await mkdtemp(join(tmpdir(), 'gan-kit-doc-shards-'));
  const points = samples.arraySync();
  const files = [join(dir, 'a.json'), join(dir, 'b.json')];
  await writeFile(files[0]!, JSON.stringify(points.slice(0, 20)));
  await writeFile(files[1]!, JSON.stringify(points.slice(20, 40)));
  let passes = 0;
  const shards: AsyncIterable<number[][]> = {
    async *[Symbol.asyncIterator]() {
      passes += 1;
      for (const file of files) {
        const shard = JSON.parse(await readFile(file, 'utf8')) as number[][];
        for (let i = 0; i + 8 <= shard.length; i += 8) yield shard.slice(i, i + 8);
      }
    },
  };
  const streamed = await trainer.fit(shards, { epochs: 3 });
  assert.equal(streamed.steps.length, 12, '4 batches per pass, 3 passes');
  assert.equal(passes, 3, 'the source is read again for each epoch');
  await rm(dir, { recursive: true, force: true });

  // An array of tensor batches is re-iterable; the tensors stay the caller's.
  const batches = [tf.slice(samples, 0, 10), tf.slice(samples, 10, 10)];
  assert.equal((await trainer.fit(batches, { epochs: 2 })).steps.length, 4);
  assert.ok(batches.every((b) => !b.isDisposed), 'fit does not dispose the caller\'s tensors');
  tf.dispose(batches);

  // A one-shot generator runs dry.
  function* once() {
    yield [[0, 0], [1, 1]];
    yield [[1, 0], [0, 1]];
  }
  assert.equal((await trainer.fit(once(), { steps: 5, batchSize: 2 })).stopReason, 'data-exhausted');

  tf.dispose([samples, labels]);
  trainer.dispose();
  gan.generator.dispose();
  gan.discriminator.dispose();
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
});
