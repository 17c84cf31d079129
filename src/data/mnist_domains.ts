import * as tf from '@tensorflow/tfjs-core';
import { sobelEdgeMaps } from './edge_maps.js';
import type { LabelledImageDataset } from './image_dataset.js';
import { loadMnist } from './mnist.js';
import { dilateImages, type MorphologyOptions } from './morphology.js';
import { resizeImages } from './resize.js';

/** Options of the MNIST-derived domains: which digits, and how many. */
export interface MnistDomainOptions {
  /**
   * `'train'` (default: the 9,003 training digits of {@link loadMnist}) or `'test'` (the 997 held-out digits, for
   * measuring a translation): the two splits never share a digit.
   */
  readonly split?: 'train' | 'test';
  /** Keep the first `count` images of each domain (pairs for paired data), an integer ≥ 1; class-balanced. Default: all of each. */
  readonly count?: number;
}

/** Two unpaired domains of labelled images; the caller disposes the tensors. */
export interface UnpairedDomains {
  /** Domain A with the digit of each image. */
  readonly a: LabelledImageDataset;
  /** Domain B with the digit of each image; no image of B shows a digit drawn in A. */
  readonly b: LabelledImageDataset;
}

/** Paired images: row i of `a` and row i of `b` show the same digit drawing. The caller disposes the tensors. */
export interface PairedDomains {
  /** The inputs (edge maps, low-resolution digits). */
  readonly a: tf.Tensor4D;
  /** The targets (the digits). */
  readonly b: tf.Tensor4D;
  /** The digit of each pair, `[n]` int32. */
  readonly labels: tf.Tensor1D;
}

/** Options of {@link loadMnistStrokeDomains}. */
export interface MnistStrokeDomainOptions extends MnistDomainOptions {
  /** The structuring element that thickens domain B's strokes. Default `{ radius: 1, element: 'cross' }`. */
  readonly thickening?: MorphologyOptions;
}

/** Options of {@link loadMnistSuperResolutionPairs}. */
export interface MnistSuperResolutionOptions extends MnistDomainOptions {
  /** The down-sampling factor: 2 (14×14 inputs) or 4 (7×7). Default 2. */
  readonly factor?: 2 | 4;
}

function checkCount(count: unknown, available: number, user: string): number {
  if (count === undefined) return available;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > available) {
    throw new Error(`${user}: options.count must be an integer from 1 to ${available} (the images available), but got ${String(count)}.`);
  }
  return count;
}

async function digitsOf(options: MnistDomainOptions, user: string): Promise<LabelledImageDataset> {
  const split = options.split ?? 'train';
  if (split !== 'train' && split !== 'test') throw new Error(`${user}: options.split must be 'train' or 'test', but got ${JSON.stringify(split)}.`);
  return loadMnist({ split });
}

/** The first `options.count` digits of the split (all by default). */
async function firstDigits(options: MnistDomainOptions, user: string): Promise<LabelledImageDataset> {
  const digits = await digitsOf(options, user);
  try {
    const count = checkCount(options.count, digits.images.shape[0], user);
    if (count === digits.images.shape[0]) return digits;
    const kept = { images: tf.slice(digits.images, 0, count), labels: tf.slice(digits.labels, 0, count) };
    tf.dispose([digits.images, digits.labels]);
    return kept;
  } catch (error) {
    tf.dispose([digits.images, digits.labels]);
    throw error;
  }
}

/**
 * Unpaired thin ↔ thick digits from the embedded MNIST, for CycleGAN: the digits of a split are divided into two
 * disjoint halves, each class alternately (a class's 1st, 3rd, 5th … drawing to A, its 2nd, 4th … to B), so both
 * halves are class-balanced and no drawing is in both; A keeps the strokes as written, B's strokes are thickened by a
 * grey-scale dilation ({@link dilateImages}, default a plus-shaped element of radius 1, which raises the mean
 * {@link strokeArea} of the held-out digits from 0.130 to 0.223). Deterministic: the same call gives the same domains.
 *
 * @param options - split (default `'train'`; `'test'` for held-out digits), count per domain, thickening.
 * @returns `{ a, b }`: `[n, 28, 28, 1]` images in [−1, 1] with labels; without `count`, all of each half (4,505 and
 *   4,498 for `'train'`, 501 and 496 for `'test'`: a class with an odd number of digits gives A one more).
 * @example
 * ```ts
 * const { a, b } = await loadMnistStrokeDomains({ split: 'train' });
 * ```
 */
export async function loadMnistStrokeDomains(options: MnistStrokeDomainOptions = {}): Promise<UnpairedDomains> {
  const user = 'loadMnistStrokeDomains';
  const digits = await digitsOf(options, user);
  const labels = Array.from(digits.labels.dataSync());
  const seen = new Map<number, number>();
  const rows: { a: number[]; b: number[] } = { a: [], b: [] };
  labels.forEach((label, i) => {
    const k = seen.get(label) ?? 0;
    seen.set(label, k + 1);
    (k % 2 === 0 ? rows.a : rows.b).push(i);
  });
  try {
    const count = options.count === undefined ? undefined : checkCount(options.count, Math.min(rows.a.length, rows.b.length), user);
    return tf.tidy(() => {
      const pick = (indices: number[]) => {
        const index = tf.tensor1d(indices.slice(0, count ?? indices.length), 'int32');
        return { images: tf.gather(digits.images, index) as tf.Tensor4D, labels: tf.gather(digits.labels, index) as tf.Tensor1D };
      };
      const a = pick(rows.a);
      const b = pick(rows.b);
      return { a, b: { images: dilateImages(b.images, options.thickening ?? { radius: 1, element: 'cross' }), labels: b.labels } };
    });
  } finally {
    tf.dispose([digits.images, digits.labels]);
  }
}

/**
 * Paired edge maps → digits from the embedded MNIST, for pix2pix: A is the Sobel edge map of each digit
 * ({@link sobelEdgeMaps}), B the digit. Deterministic.
 *
 * @param options - split (default `'train'`; `'test'` for held-out digits) and count of pairs.
 * @returns `{ a, b, labels }`: edge maps and digits `[n, 28, 28, 1]` in [−1, 1], 9,003 pairs for `'train'`, 997 for `'test'`.
 */
export async function loadMnistEdgePairs(options: MnistDomainOptions = {}): Promise<PairedDomains> {
  const user = 'loadMnistEdgePairs';
  const { images, labels } = await firstDigits(options, user);
  return { a: sobelEdgeMaps(images), b: images, labels };
}

/**
 * Paired low-resolution → full-resolution digits from the embedded MNIST, for super-resolution (SRGAN): A is each
 * digit down-sampled by area averaging (the mean of each factor × factor block, {@link resizeImages}), B the 28×28
 * digit. Deterministic.
 *
 * @param options - split (default `'train'`; `'test'` for held-out digits), count of pairs, factor (2 or 4).
 * @returns `{ a, b, labels }`: `[n, 28 / factor, 28 / factor, 1]` and `[n, 28, 28, 1]` images in [−1, 1].
 */
export async function loadMnistSuperResolutionPairs(options: MnistSuperResolutionOptions = {}): Promise<PairedDomains> {
  const user = 'loadMnistSuperResolutionPairs';
  const factor = options.factor ?? 2;
  if (factor !== 2 && factor !== 4) throw new Error(`${user}: options.factor must be 2 or 4, but got ${String(factor)}.`);
  const { images, labels } = await firstDigits(options, user);
  return { a: resizeImages(images, { height: 28 / factor, width: 28 / factor }), b: images, labels };
}
