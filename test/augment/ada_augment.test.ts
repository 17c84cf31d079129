import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { adaAugment, type AdaAugmentOptions } from '../../src/augment/ada_augment.js';
import { SeededRandom } from '../../src/utils/random.js';
import { assertClose } from '../layers/layer_helpers.js';
import { assertAugmentationGradient, assertIdentityAtZero, augmented, channel0, distinctImages } from './augment_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

const NONE: AdaAugmentOptions = { xflip: false, rotate90: false, translation: false, scale: false, brightness: false, contrast: false, saturation: false };

function only(name: keyof typeof NONE, extra: AdaAugmentOptions = {}): ReturnType<typeof adaAugment> {
  return adaAugment({ ...NONE, [name]: true, ...extra });
}

const same = (a: number[][], b: number[][]) => JSON.stringify(a) === JSON.stringify(b);
const flipX = (m: number[][]) => m.map((row) => [...row].reverse());
/** Counter-clockwise quarter turn: y[i][j] = x[j][n − 1 − i]. */
const turn = (m: number[][]) => m.map((_, i) => m.map((row) => row[m.length - 1 - i]!));
const mirror = (i: number, n: number) => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);
const shiftedMirrored = (m: number[][], dy: number, dx: number) =>
  m.map((row, i) => row.map((_, j) => m[mirror(i - dy, m.length)]![mirror(j - dx, row.length)]!));

describe('adaAugment', () => {
  it('is the identity at p = 0, transformation by transformation and all together', () => {
    const images = distinctImages(3, 8, 8, 3);
    for (const name of Object.keys(NONE) as (keyof typeof NONE)[]) assertIdentityAtZero(only(name), images);
    assertIdentityAtZero(adaAugment(), images);
    images.dispose();
  });

  it('x-flip: each sample is itself or its mirror image, both occurring', () => {
    const images = distinctImages(16, 4, 5, 1, 2);
    const out = augmented(only('xflip'), images, 1, 1);
    const input = images.arraySync();
    const kinds = Array.from({ length: 16 }, (_, n) => {
      const [x, y] = [channel0(input, n), channel0(out, n)];
      if (same(y, x)) return 'same';
      assert.ok(same(y, flipX(x)), `sample ${n} is its mirror image`);
      return 'flipped';
    });
    assert.ok(kinds.includes('same') && kinds.includes('flipped'), kinds.join(' '));
    images.dispose();
  });

  it('rotations: each sample is one of its four quarter turns, all four occurring', () => {
    const images = distinctImages(32, 4, 4, 1, 3);
    const out = augmented(only('rotate90'), images, 1, 2);
    const input = images.arraySync();
    const turns = new Set<number>();
    for (let n = 0; n < 32; n++) {
      let candidate = channel0(input, n);
      const k = [0, 1, 2, 3].find((q) => {
        if (q > 0) candidate = turn(candidate);
        return same(channel0(out, n), candidate);
      });
      assert.ok(k !== undefined, `sample ${n} is a quarter turn of the input`);
      turns.add(k);
    }
    assert.deepEqual([...turns].sort(), [0, 1, 2, 3]);
    assert.throws(() => adaAugment().apply(tf.zeros([1, 4, 6, 1]) as tf.Tensor4D, { p: 1, random: new SeededRandom(1) }), /90° rotations need square images, but the images are 4×6; pass \{ rotate90: false \}/);
    images.dispose();
  });

  it('integer translation: each sample is shifted by at most round(0.125 · size) with mirrored padding', () => {
    const images = distinctImages(16, 16, 8, 1, 4);
    const out = augmented(only('translation'), images, 1, 3);
    const input = images.arraySync();
    const shifts = new Set<string>();
    for (let n = 0; n < 16; n++) {
      const found: string[] = [];
      for (let dy = -2; dy <= 2; dy++) for (let dx = -1; dx <= 1; dx++) {
        if (same(channel0(out, n), shiftedMirrored(channel0(input, n), dy, dx))) found.push(`${dy},${dx}`);
      }
      assert.equal(found.length, 1, `sample ${n}: one shift within (±2, ±1)`);
      shifts.add(found[0]!);
    }
    assert.ok(shifts.size >= 5, [...shifts].join(' '));
    images.dispose();
  });

  it('scaling keeps a constant image constant and scales a linear ramp about the centre', () => {
    const constant = tf.fill([4, 8, 8, 1], 0.3) as tf.Tensor4D;
    const out = augmented(only('scale', { scaleStd: 0.5 }), constant, 1, 4);
    assertClose(out.flat(3), new Array(256).fill(0.3), 1e-6, 'constant');
    constant.dispose();
    // A ramp along the rows, r(i) = i: enlarged by s > 1 it becomes c + (i − c)/s inside the image (linear
    // interpolation reproduces linear functions). Rows are 16 long so that the centre pixels stay inside.
    const ramp = tf.tidy(() => tf.tile(tf.reshape(tf.range(0, 16), [1, 16, 1, 1]), [8, 1, 16, 1])) as tf.Tensor4D;
    const scaled = augmented(only('scale', { scaleStd: 0.3 }), ramp, 1, 5);
    let enlarged = 0;
    for (let n = 0; n < 8; n++) {
      const column = scaled[n]!.map((row) => row[8]![0]!);
      const s = 1 / (column[8]! - column[7]!);   // neighbouring outputs read positions 1/s apart
      if (s <= 1) continue;                       // shrunk samples read mirrored pixels near the border
      enlarged++;
      assertClose(column, column.map((_, i) => 7.5 + (i - 7.5) / s), 1e-4, `sample ${n}, s = ${s}`);
    }
    assert.ok(enlarged >= 2, `some samples enlarged (${enlarged})`);
    ramp.dispose();
  });

  it('brightness adds, contrast multiplies, saturation scales the deviation from grey, each with one value per sample', () => {
    const images = distinctImages(8, 3, 3, 3, 5);
    const input = images.arraySync().map((img) => img.flat(2));
    const per = (name: keyof typeof NONE, relation: (x: number[], y: number[]) => number[]) => {
      const out = augmented(only(name), images, 1, 6).map((img) => img.flat(2));
      const values = out.map((y, n) => relation(input[n]!, y));
      values.forEach((v, n) => assertClose(v, new Array(v.length).fill(v[0]), 1e-4, `${name} of sample ${n} is one value`));
      return values.map((v) => v[0]!);
    };
    const offsets = per('brightness', (x, y) => y.map((v, i) => v - x[i]!));
    assert.ok(offsets.some((b) => Math.abs(b) > 0.01) && offsets.every((b) => Math.abs(b) < 1.2), `offsets ~ N(0, 0.2²): ${offsets}`);
    const factors = per('contrast', (x, y) => y.map((v, i) => v / x[i]!));
    assert.ok(factors.every((c) => c > 0 && c < 8) && factors.some((c) => Math.abs(c - 1) > 0.01), `factors 2^N(0, 0.5²): ${factors}`);
    const grey = (px: number[], i: number) => (px[i - (i % 3)]! + px[i - (i % 3) + 1]! + px[i - (i % 3) + 2]!) / 3;
    const saturation = per('saturation', (x, y) => y.map((v, i) => (v - grey(y, i)) / (x[i]! - grey(x, i))));
    assert.ok(saturation.every((s) => s > 0), `saturation factors > 0: ${saturation}`);
    images.dispose();
  });

  it('each transformation applies with probability p per sample', () => {
    const images = distinctImages(400, 2, 3, 1, 6);
    const out = augmented(only('brightness'), images, 0.3, 8);
    const input = images.arraySync();
    const changed = out.filter((_, n) => !same(channel0(out, n), channel0(input, n))).length;
    assert.ok(changed >= 90 && changed <= 150, `about 30% of 400 samples changed: ${changed}`);
    images.dispose();
  });

  it('is differentiable: gradients match central differences with every transformation on', () => {
    const images = distinctImages(2, 4, 4, 3, 12);
    assertAugmentationGradient(adaAugment(), images, 0.9, 2, 'ada');
    assertAugmentationGradient(only('scale', { scaleStd: 0.6 }), images, 1, 3, 'scale');
    images.dispose();
  });

  it('refuses bad options', () => {
    assert.throws(() => adaAugment({ scaleStd: -1 }), /adaAugment: options\.scaleStd must be a finite number ≥ 0, but got -1/);
    assert.throws(() => adaAugment({ translationRange: 1 }), /options\.translationRange must be a finite number ≥ 0 and < 1/);
    assert.throws(() => adaAugment({ xflip: 'yes' as unknown as boolean }), /adaAugment: options\.xflip must be true or false, but got yes/);
  });
});
