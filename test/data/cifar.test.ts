import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { CIFAR10_CLASSES, loadCifar10, parseCifar10 } from '../../src/data/cifar.js';

let dir = '';
before(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'gan-kit-cifar-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One CIFAR-10 record whose pixel (y, x) in channel c is (label·50 + c·80 + y + x) mod 256. */
function record(label: number): Uint8Array {
  const bytes = new Uint8Array(3073);
  bytes[0] = label;
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) bytes[1 + c * 1024 + y * 32 + x] = (label * 50 + c * 80 + y + x) % 256;
  }
  return bytes;
}

describe('loadCifar10', () => {
  it('round-trips records from several files into channels-last images in [−1, 1] and labels', async () => {
    const before = tf.memory().numTensors;
    const a = join(dir, 'data_batch_1.bin');
    const b = join(dir, 'data_batch_2.bin');
    await writeFile(a, new Uint8Array([...record(3), ...record(9)]));
    await writeFile(b, record(0));
    const { images, labels } = await loadCifar10({ files: [a, b] });
    assert.deepEqual(images.shape, [3, 32, 32, 3]);
    assert.deepEqual([...labels.dataSync()], [3, 9, 0]);
    const px = await images.array();
    // image 1 (label 9), y = 5, x = 7: channel c holds (450 + 80c + 12) mod 256 = 206, 30, 110.
    const close = (got: number[] | undefined, bytes: number[]): void => {
      assert.ok(got !== undefined && bytes.every((b, c) => Math.abs(got[c]! - (b / 127.5 - 1)) < 1e-6), `${got} vs ${bytes}`);
    };
    close(px[1]![5]![7], [206, 30, 110]);
    // image 0 (label 3), y = 31, x = 31: (150 + 80c + 62) mod 256 = 212, 36, 116.
    close(px[0]![31]![31], [212, 36, 116]);
    const first = await loadCifar10({ files: a, count: 1 });
    assert.deepEqual([...first.labels.dataSync()], [3]);
    tf.dispose([images, labels, first.images, first.labels]);
    assert.equal(tf.memory().numTensors, before);
    assert.equal(CIFAR10_CLASSES.length, 10);
    assert.equal(CIFAR10_CLASSES[3], 'cat');
  });

  it('rejects a truncated file, a label above 9 and a bad count, naming the file', async () => {
    const before = tf.memory().numTensors;
    const truncated = join(dir, 'truncated.bin');
    await writeFile(truncated, record(1).subarray(0, 3000));
    await assert.rejects(loadCifar10({ files: truncated }), /"[^"]*truncated\.bin" has 3000 bytes, not a positive multiple of the 3073-byte CIFAR-10 record/);
    const bad = record(1);
    bad[0] = 57;
    assert.throws(() => parseCifar10([{ bytes: new Uint8Array([...record(2), ...bad]), source: 'bad.bin' }]), /"bad\.bin" record 1 has label byte 57/);
    assert.throws(() => parseCifar10([{ bytes: new Uint8Array(0), source: 'empty.bin' }]), /"empty\.bin" has 0 bytes/);
    assert.throws(() => parseCifar10([{ bytes: record(1), source: 'one.bin' }], 2), /count must be an integer in 1 … 1 .* got 2/);
    await assert.rejects(loadCifar10({ files: [] }), /files is empty/);
    assert.equal(tf.memory().numTensors, before);
  });
});
