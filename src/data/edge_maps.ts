import * as tf from '@tensorflow/tfjs-core';

/**
 * Sobel edge maps (Sobel & Feldman 1968; the gradient operator of Gonzalez & Woods, "Digital Image Processing") of
 * images in [−1, 1]: with g = (x + 1) / 2 the grey level in [0, 1] (the BT.601 luma of RGB images),
 *
 *   Gx = [[−1, 0, 1], [−2, 0, 2], [−1, 0, 1]] ⋆ g,   Gy = [[−1, −2, −1], [0, 0, 0], [1, 2, 1]] ⋆ g,
 *   e = min(1, √(Gx² + Gy²) / 4),   y = 2e − 1,
 *
 * zero-padded at the borders (a black surround). A step from black to white gives e = 1 (4 is the Sobel response to a
 * unit step), so edges are white on black, in [−1, 1] like the images. The inputs of the pix2pix edges → digits data
 * ({@link loadMnistEdgePairs}).
 *
 * @param images - `[n, height, width, 1 or 3]` in [−1, 1]. Not disposed.
 * @returns edge maps `[n, height, width, 1]` in [−1, 1].
 * @example
 * ```ts
 * const edges = sobelEdgeMaps(digits);   // [n, 28, 28, 1]
 * ```
 */
export function sobelEdgeMaps(images: tf.Tensor4D): tf.Tensor4D {
  const channels = images.shape[3];
  if (images.rank !== 4 || (channels !== 1 && channels !== 3)) {
    throw new Error(`sobelEdgeMaps: images must be [n, height, width, 1 or 3] in [−1, 1], but got shape [${images.shape.join(', ')}].`);
  }
  return tf.tidy(() => {
    const grey = channels === 3 ? tf.sum(tf.mul(images, tf.tensor1d([0.299, 0.587, 0.114])), 3, true) : images;
    const g = tf.div(tf.add(grey, 1), 2) as tf.Tensor4D;
    // Kernels [3, 3, 1, 2]: output channel 0 is Gx, channel 1 is Gy.
    const kernel = tf.tensor4d([-1, -1, 0, -2, 1, -1, -2, 0, 0, 0, 2, 0, -1, 1, 0, 2, 1, 1], [3, 3, 1, 2]);
    const gradients = tf.conv2d(g, kernel, 1, 'same');
    const magnitude = tf.sqrt(tf.sum(tf.square(gradients), 3, true));
    return tf.sub(tf.mul(tf.minimum(tf.div(magnitude, 4), 1), 2), 1) as tf.Tensor4D;
  });
}
