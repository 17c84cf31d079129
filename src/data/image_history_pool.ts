import * as tf from '@tensorflow/tfjs-core';
import type { SeededRandom } from '../utils/random.js';

/** Options of {@link ImageHistoryPool}. */
export interface ImageHistoryPoolOptions {
  /** `[height, width, channels]` of one image (the generator's output shape). */
  readonly imageShape: readonly number[];
  /** How many generated images the pool keeps, an integer ≥ 0; 0 turns the pool off. Default 50 (CycleGAN's). */
  readonly capacity?: number;
}

/** The JSON part of an {@link ImageHistoryPool}'s state; the images themselves are the variable {@link ImageHistoryPool.images}. */
export interface ImageHistoryPoolState {
  /** The pool's capacity (checked on restore). */
  readonly capacity: number;
  /** How many of the variable's rows hold images (the first `size`; the pool fills in order). */
  readonly size: number;
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/**
 * A history of generated images for the discriminator updates (Shrivastava et al. 2017, "Learning from Simulated and
 * Unsupervised Images through Adversarial Training", arXiv:1612.07828, section 2.3; CycleGAN, arXiv:1703.10593, keeps
 * 50): the discriminator sees images from earlier generators too, which damps oscillation. {@link ImageHistoryPool.query} goes through
 * a batch image by image, as the CycleGAN reference code does:
 * - while the pool holds fewer than `capacity` images, the image is stored and returned;
 * - once it is full, with probability ½ (a uniform draw u < ½) a uniformly chosen stored image (slot ⌊u′·capacity⌋
 *   for a second draw u′) is returned and the new image takes its place; otherwise the new image is returned.
 *
 * Every draw comes from the {@link SeededRandom} given to `query`, so the trainer's stream drives the pool and a run
 * is repeatable. The stored images are a non-trainable `tf.Variable` of fixed shape `[capacity, h, w, c]` (rows
 * beyond `size` are zeros) and the count is JSON ({@link ImageHistoryPool.state}), so a checkpoint holds the pool as
 * a named variable plus a JSON value, and {@link ImageHistoryPool.restoreState} after writing the variable resumes it
 * exactly.
 *
 * @example
 * ```ts
 * const pool = new ImageHistoryPool({ imageShape: [28, 28, 1] });
 * const random = new SeededRandom(1);
 * const fakeForD = pool.query(fakeB, random);   // [batch, 28, 28, 1]: new and earlier images, for D's loss
 * ```
 */
export class ImageHistoryPool {
  /** The number of images the pool keeps. */
  readonly capacity: number;
  /** `[height, width, channels]` of one image. */
  readonly imageShape: readonly [number, number, number];
  /** The stored images, `[capacity, height, width, channels]`: the first {@link ImageHistoryPool.size} rows are in use. */
  readonly images: tf.Variable;
  private count = 0;

  /**
   * @param options - see {@link ImageHistoryPoolOptions}.
   * @throws an Error naming the option when `imageShape` or `capacity` is invalid.
   */
  constructor(options: ImageHistoryPoolOptions) {
    const shape = options?.imageShape;
    if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((v) => Number.isInteger(v) && v >= 1)) {
      throw new Error(`ImageHistoryPool: options.imageShape must be [height, width, channels], three integers ≥ 1, but got ${show(shape)}.`);
    }
    const capacity = options.capacity ?? 50;
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new Error(`ImageHistoryPool: options.capacity must be an integer ≥ 0 (0 turns the pool off; CycleGAN uses 50), but got ${show(capacity)}.`);
    }
    this.capacity = capacity;
    this.imageShape = [shape[0], shape[1], shape[2]];
    this.images = tf.tidy(() => tf.variable(tf.zeros([capacity, ...this.imageShape]), false));
  }

  /** How many images the pool holds, 0 … capacity. */
  get size(): number {
    return this.count;
  }

  /**
   * Returns a batch for the discriminator: each image of `images`, or (once the pool is full, with probability ½) a
   * stored one that it replaces; see the class documentation.
   *
   * @param images - generated images `[batch, height, width, channels]`; not disposed, and kept only as copies.
   * @param random - the stream of the uniform draws (the trainer's {@link SeededRandom}).
   * @returns a new tensor of the same shape; the caller disposes it.
   */
  query(images: tf.Tensor, random: Pick<SeededRandom, 'uniform'>): tf.Tensor4D {
    const [, h, w, c] = images.shape;
    if (images.rank !== 4 || h !== this.imageShape[0] || w !== this.imageShape[1] || c !== this.imageShape[2]) {
      throw new Error(
        `ImageHistoryPool.query: images must have shape [batch, ${this.imageShape.join(', ')}] (the pool's imageShape), but got [${images.shape.join(', ')}].`,
      );
    }
    if (this.capacity === 0) return tf.clone(images) as tf.Tensor4D;
    // Rows of concat(stored, images): slot k of the pool is row k, image j of the batch is row capacity + j.
    const slots = Array.from({ length: this.capacity }, (_, k) => k);
    const returned: number[] = [];
    let size = this.count;
    for (let j = 0; j < images.shape[0]!; j++) {
      const row = this.capacity + j;
      if (size < this.capacity) {
        slots[size++] = row;
        returned.push(row);
      } else if (random.uniform() < 0.5) {
        const k = Math.min(this.capacity - 1, Math.floor(random.uniform() * this.capacity));
        returned.push(slots[k]!);
        slots[k] = row;
      } else {
        returned.push(row);
      }
    }
    return tf.tidy(() => {
      const rows = tf.concat([this.images, images], 0);
      if (slots.some((row, k) => row !== k)) this.images.assign(tf.gather(rows, tf.tensor1d(slots, 'int32')));
      this.count = size;
      return tf.gather(rows, tf.tensor1d(returned, 'int32')) as tf.Tensor4D;
    });
  }

  /** The JSON part of the state: capacity and size. Save it with {@link ImageHistoryPool.images}. */
  state(): ImageHistoryPoolState {
    return { capacity: this.capacity, size: this.count };
  }

  /**
   * Restores the JSON part saved by {@link ImageHistoryPool.state}; write the saved images into
   * {@link ImageHistoryPool.images} as well (`pool.images.assign(saved)`), before or after.
   *
   * @throws when the state is not one of this pool's (another capacity, a size out of range).
   */
  restoreState(state: unknown): void {
    const s = state as Partial<ImageHistoryPoolState> | null;
    if (typeof s !== 'object' || s === null || s.capacity !== this.capacity || !Number.isInteger(s.size) || s.size! < 0 || s.size! > this.capacity) {
      throw new Error(`ImageHistoryPool.restoreState: expected { capacity: ${this.capacity}, size: 0 … ${this.capacity} } saved by a pool of this capacity, but got ${show(state)}.`);
    }
    this.count = s.size!;
  }

  /** Releases the stored images. */
  dispose(): void {
    this.images.dispose();
  }
}
