import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { diffAugment } from '../../src/augment/diff_augment.js';
import { SeededRandom } from '../../src/utils/random.js';
import { assertClose } from '../layers/layer_helpers.js';
import { assertAugmentationGradient, assertIdentityAtZero, augmented, channel0, distinctImages } from './augment_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

/** The image shifted by (dy, dx) with zeros shifted in. */
function shifted(image: number[][], dy: number, dx: number): number[][] {
  return image.map((row, i) => row.map((_, j) => image[i - dy]?.[j - dx] ?? 0));
}

describe('diffAugment', () => {
  it('is the identity at p = 0 for every policy (same draws, identity gradient)', () => {
    const images = distinctImages(3, 8, 8, 3);
    for (const policy of [['color'], ['translation'], ['cutout'], ['color', 'translation', 'cutout']] as const) {
      assertIdentityAtZero(diffAugment({ policy }), images);
    }
    images.dispose();
  });

  it('translation shifts every sample by integers within ±round(size / 8), zeros shifted in', () => {
    const images = distinctImages(24, 16, 8, 1, 2);
    const out = augmented(diffAugment({ policy: ['translation'] }), images, 1, 5);
    const input = images.arraySync();
    const seen = new Set<string>();
    for (let n = 0; n < 24; n++) {
      const candidates: string[] = [];
      for (let dy = -2; dy <= 2; dy++) for (let dx = -1; dx <= 1; dx++) {
        if (JSON.stringify(shifted(channel0(input, n), dy, dx)) === JSON.stringify(channel0(out, n))) candidates.push(`${dy},${dx}`);
      }
      assert.equal(candidates.length, 1, `sample ${n} is one shift by at most (2, 1)`);
      seen.add(candidates[0]!);
    }
    assert.ok(seen.size >= 6, `the shifts vary (${[...seen].join(' ')})`);
    images.dispose();
  });

  it('cutout zeroes one axis-aligned square of side size / 2 (clipped at the border) per sample', () => {
    const images = tf.ones([16, 8, 6, 2]) as tf.Tensor4D;
    const out = augmented(diffAugment({ policy: ['cutout'] }), images, 1, 6);
    for (let n = 0; n < 16; n++) {
      const zeros = channel0(out, n).flatMap((row, i) => row.flatMap((v, j) => (v === 0 ? [[i, j]] : [])));
      const rows = new Set(zeros.map(([i]) => i));
      const cols = new Set(zeros.map(([, j]) => j));
      assert.equal(zeros.length, rows.size * cols.size, `sample ${n}: the zeros form a rectangle`);
      assert.ok(rows.size >= 1 && rows.size <= 4 && cols.size >= 1 && cols.size <= 3, `sample ${n}: at most 4 × 3 (${rows.size} × ${cols.size})`);
      assert.ok(out[n]!.every((row) => row.every((px) => px[0] === px[1])), 'both channels cut');
    }
    images.dispose();
  });

  it('colour changes each sample by brightness, saturation and contrast within the paper\'s ranges', () => {
    const images = distinctImages(12, 4, 4, 3, 9);
    const out = augmented(diffAugment({ policy: ['color'] }), images, 1, 7);
    const input = images.arraySync();
    for (let n = 0; n < 12; n++) {
      // Saturation and contrast scale the deviations from the grey value and from the mean by s·c, both ≥ 0:
      // (y − grey(y)) = s·c·(x − grey(x)) for every pixel.
      const dev = (img: number[][][]) => img.flatMap((row) => row.flatMap((px) => px.map((v) => v - (px[0]! + px[1]! + px[2]!) / 3)));
      const [dx, dy] = [dev(input[n]!), dev(out[n]!)];
      const factor = dy.reduce((s, v, i) => s + v * dx[i]!, 0) / dx.reduce((s, v) => s + v * v, 0);
      assert.ok(factor >= 0 && factor <= 3, `sample ${n}: s·c = ${factor} in [0, 3]`);
      assertClose(dy, dx.map((v) => v * factor), 1e-4, `sample ${n}: deviations scaled uniformly`);
    }
    images.dispose();
  });

  it('is differentiable: gradients match central differences for every policy', () => {
    const images = distinctImages(2, 4, 4, 2, 11);
    for (const policy of [['color'], ['translation'], ['cutout'], ['color', 'translation', 'cutout']] as const) {
      assertAugmentationGradient(diffAugment({ policy }), images, 0.8, 4, policy.join('+'));
    }
    images.dispose();
  });

  it('is repeatable with the same seed and refuses bad options and calls', () => {
    const images = distinctImages(4, 8, 8, 3);
    const augment = diffAugment();
    assert.deepEqual(augmented(augment, images, 1, 2), augmented(augment, images, 1, 2));
    assert.notDeepEqual(augmented(augment, images, 1, 2), augmented(augment, images, 1, 3));
    assert.throws(() => diffAugment({ policy: ['blur' as 'color'] }), /diffAugment: options\.policy must be a list of 'color', 'translation', 'cutout', but got \["blur"\]/);
    assert.throws(() => diffAugment({ translationRatio: 1 }), /options\.translationRatio must be a number in \[0, 1\), but got 1/);
    assert.throws(() => augment.apply(images, { p: 2, random: new SeededRandom(1) }), /diffAugment\.apply: context\.p must be a number in \[0, 1\], but got 2/);
    assert.throws(() => augment.apply(tf.zeros([2, 3]) as unknown as tf.Tensor4D, { p: 1, random: new SeededRandom(1) }), /images must be a tensor \[batch, height, width, channels\], but got \[2, 3\]/);
    images.dispose();
  });

  it('leaks no tensors', () => {
    const images = distinctImages(4, 8, 8, 3);
    const before = tf.memory().numTensors;
    const out = diffAugment().apply(images, { p: 0.5, random: new SeededRandom(1) });
    out.dispose();
    assert.equal(tf.memory().numTensors, before);
    images.dispose();
  });
});
