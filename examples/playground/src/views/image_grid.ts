// Puts generated images (values in [−1, 1]) on a canvas: a grid with a one-pixel gap, at the images' own resolution
// (the page scales the canvas up with CSS, pixelated).
import * as tf from '@tensorflow/tfjs-core';

/**
 * Draws `images` `[n, h, w, c]` (c = 1 or 3, values in [−1, 1]) as a grid of `columns` columns on `canvas`, resizing
 * the canvas to fit. Does not dispose `images`.
 */
export async function drawImageGrid(canvas: HTMLCanvasElement, images: tf.Tensor4D, columns: number): Promise<void> {
  const [n, h, w, c] = images.shape;
  const rows = Math.ceil(n / columns);
  const grid = tf.tidy(() => {
    const unit = tf.clipByValue(tf.div(tf.add(images, 1), 2), 0, 1);
    const rgb = c === 1 ? tf.tile(unit, [1, 1, 1, 3]) : unit;
    const padded = tf.pad(rgb, [[0, rows * columns - n], [0, 1], [0, 1], [0, 0]], 1);
    const cells = tf.reshape(padded, [rows, columns, h + 1, w + 1, 3]);
    return tf.reshape(tf.transpose(cells, [0, 2, 1, 3, 4]), [rows * (h + 1), columns * (w + 1), 3]) as tf.Tensor3D;
  });
  try {
    await tf.browser.toPixels(grid, canvas);
  } finally {
    grid.dispose();
  }
}
