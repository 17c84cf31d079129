import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link resizeImages}. */
export interface ResizeImagesOptions {
  /** Target height in pixels, a positive integer. */
  readonly height: number;
  /** Target width in pixels, a positive integer. */
  readonly width: number;
  /**
   * Target channels: 1 (grey by luma 0.299 R + 0.587 G + 0.114 B, ITU-R BT.601) or 3 (RGB; grey images are
   * repeated). Default: unchanged.
   */
  readonly channels?: 1 | 3;
  /**
   * How an image whose aspect ratio differs from width/height is fitted: `'stretch'` (default) scales each axis on
   * its own; `'center-crop'` first cuts the largest centred region of the target aspect ratio.
   */
  readonly fit?: 'stretch' | 'center-crop';
}

/** Checks {@link ResizeImagesOptions}, naming `user` in the error. */
export function checkResizeOptions(options: ResizeImagesOptions, user: string): void {
  for (const [name, value] of [['height', options.height], ['width', options.width]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${user}: ${name} must be a positive integer, got ${value}.`);
  }
  if (options.channels !== undefined && options.channels !== 1 && options.channels !== 3) {
    throw new Error(`${user}: channels must be 1 or 3, got ${String(options.channels)}.`);
  }
  if (options.fit !== undefined && options.fit !== 'stretch' && options.fit !== 'center-crop') {
    throw new Error(`${user}: fit must be 'stretch' or 'center-crop', got ${JSON.stringify(options.fit)}.`);
  }
}

/**
 * Resizes images to `[height, width]` and converts their channels: an optional centred crop, a box filter over
 * ⌊h/height⌋ × ⌊w/width⌋ pixels when shrinking by 2× or more (against aliasing), then bilinear interpolation with
 * half-pixel centres. Every step is an affine average, so values stay within their input range (e.g. [−1, 1]).
 * Images already of the target shape are returned as a new tensor with the same values.
 *
 * @param images - `[n, h, w, c]` or `[h, w, c]` with c = 1 or 3. Not disposed.
 * @example
 * ```ts
 * const { images } = await loadCifar10({ files: 'test_batch.bin' });
 * const grey28 = resizeImages(images, { height: 28, width: 28, channels: 1 }); // [10000, 28, 28, 1]
 * ```
 */
export function resizeImages<T extends tf.Tensor3D | tf.Tensor4D>(images: T, options: ResizeImagesOptions): T {
  checkResizeOptions(options, 'resizeImages');
  const channelsIn = images.shape[images.rank - 1];
  if ((images.rank !== 3 && images.rank !== 4) || (channelsIn !== 1 && channelsIn !== 3)) {
    throw new Error(`resizeImages: images must have shape [n, h, w, 1 or 3] or [h, w, 1 or 3], got [${images.shape.join(', ')}].`);
  }
  return tf.tidy((): T => {
    const { height, width } = options;
    let batch: tf.Tensor4D = images.rank === 3 ? tf.expandDims<tf.Tensor4D>(images, 0) : (images as tf.Tensor4D);
    if (options.fit === 'center-crop') {
      const [, h, w] = batch.shape;
      const cropH = Math.min(h, Math.round((w * height) / width));
      const cropW = Math.min(w, Math.round((h * width) / height));
      batch = tf.slice(batch, [0, Math.floor((h - cropH) / 2), Math.floor((w - cropW) / 2), 0], [-1, cropH, cropW, -1]);
    }
    const fy = Math.max(1, Math.floor(batch.shape[1] / height));
    const fx = Math.max(1, Math.floor(batch.shape[2] / width));
    if (fy > 1 || fx > 1) batch = tf.avgPool(batch, [fy, fx], [fy, fx], 'valid');
    if (batch.shape[1] !== height || batch.shape[2] !== width) batch = tf.image.resizeBilinear(batch, [height, width], false, true);
    const channels = options.channels ?? channelsIn;
    if (channels === 1 && channelsIn === 3) batch = tf.sum(tf.mul(batch, tf.tensor1d([0.299, 0.587, 0.114])), 3, true);
    if (channels === 3 && channelsIn === 1) batch = tf.tile(batch, [1, 1, 1, 3]);
    const out = images.rank === 3 ? tf.squeeze(batch, [0]) : tf.clone(batch);
    return out as T;
  });
}
