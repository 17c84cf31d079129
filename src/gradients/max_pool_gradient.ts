import * as tf from '@tensorflow/tfjs-core';

/*
 * The gradient of max pooling routes each window's upstream gradient to the position of the window's maximum:
 * dx = Σ over window offsets k of scatter_k(isMax_k ⊙ dy). tfjs-core computes it with the MaxPoolGrad kernel, which
 * has no gradient of its own (double backpropagation stopped with "gradient function not found"), and whose WASM
 * implementation in 4.22 routes a window whose values are all negative to the window's first position instead of
 * its maximum (a wrong *first-order* gradient). This gradient is written with pad/slice/reshape instead, which are
 * differentiable on every backend: its derivative with respect to dy is the adjoint routing, and with respect to x it
 * is zero almost everywhere (the masks only change where two window values cross). Ties go to the first maximum in
 * row-major window order, as in the CPU kernel.
 */

interface WindowGeometry {
  readonly outHeight: number;
  readonly outWidth: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  /** Height and width of the padded input grid, large enough for every window read. */
  readonly paddedHeight: number;
  readonly paddedWidth: number;
  /** Paddings of the input to that grid, `[[0, 0], [top, bottom], [left, right], [0, 0]]`. */
  readonly paddings: Array<[number, number]>;
}

function windowGeometry(inShape: [number, number, number, number], attrs: tf.MaxPoolAttrs): WindowGeometry {
  const info = tf.backend_util.computePool2DInfo(
    inShape, attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode,
  );
  const [, height, width] = inShape;
  const { top, left } = info.padInfo;
  // Reading window offset i as a [outHeight, strideHeight] block starting at row i needs i + outHeight·strideHeight rows.
  const paddedHeight = Math.max(top + height, info.filterHeight - 1 + info.outHeight * info.strideHeight);
  const paddedWidth = Math.max(left + width, info.filterWidth - 1 + info.outWidth * info.strideWidth);
  return {
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    paddedHeight,
    paddedWidth,
    paddings: [[0, 0], [top, paddedHeight - top - height], [left, paddedWidth - left - width], [0, 0]],
  };
}

/** The values at offset (i, j) of every window: `[batch, outHeight, outWidth, channels]`, from a padded input. */
function windowOffset(padded: tf.Tensor4D, g: WindowGeometry, i: number, j: number): tf.Tensor4D {
  const [batch, , , channels] = padded.shape;
  const block = tf.slice(padded, [0, i, j, 0], [batch, g.outHeight * g.strideHeight, g.outWidth * g.strideWidth, channels]);
  const strided = tf.slice(
    tf.reshape(block, [batch, g.outHeight, g.strideHeight, g.outWidth, g.strideWidth, channels]),
    [0, 0, 0, 0, 0, 0],
    [batch, g.outHeight, 1, g.outWidth, 1, channels],
  );
  return tf.reshape(strided, [batch, g.outHeight, g.outWidth, channels]);
}

/** The inverse placement of {@link windowOffset}: values of offset (i, j) put back on the padded input grid. */
function scatterWindowOffset(values: tf.Tensor4D, g: WindowGeometry, i: number, j: number): tf.Tensor4D {
  const [batch, , , channels] = values.shape;
  const interleaved = tf.reshape(
    tf.pad(tf.reshape(values, [batch, g.outHeight, 1, g.outWidth, 1, channels]),
      [[0, 0], [0, 0], [0, g.strideHeight - 1], [0, 0], [0, g.strideWidth - 1], [0, 0]]),
    [batch, g.outHeight * g.strideHeight, g.outWidth * g.strideWidth, channels],
  ) as tf.Tensor4D;
  return tf.pad(interleaved, [
    [0, 0],
    [i, g.paddedHeight - i - g.outHeight * g.strideHeight],
    [j, g.paddedWidth - j - g.outWidth * g.strideWidth],
    [0, 0],
  ]);
}

/**
 * dx for y = maxPool(x) and upstream dy: each window's dy goes to the window's first maximum.
 *
 * @param dy - `[batch, outHeight, outWidth, channels]`.
 * @param x - the max pool's input `[batch, height, width, channels]`.
 * @param y - the max pool's output, the shape of dy.
 */
function routeToWindowMaxima(dy: tf.Tensor4D, x: tf.Tensor4D, y: tf.Tensor4D, attrs: tf.MaxPoolAttrs): tf.Tensor4D {
  const g = windowGeometry(x.shape, attrs);
  const paddedX = tf.pad(x, g.paddings);
  const paddedValid = tf.pad(tf.onesLike(x), g.paddings);
  let found: tf.Tensor4D = tf.zeros(y.shape, 'bool');
  let paddedDx: tf.Tensor4D = tf.zeros(paddedX.shape);
  for (let i = 0; i < g.filterHeight; i++) {
    for (let j = 0; j < g.filterWidth; j++) {
      const isValid = tf.greater(windowOffset(paddedValid, g, i, j), 0);
      const isMax = tf.logicalAnd(tf.logicalAnd(tf.equal(windowOffset(paddedX, g, i, j), y), isValid), tf.logicalNot(found));
      paddedDx = tf.add(paddedDx, scatterWindowOffset(tf.mul(tf.cast(isMax, 'float32'), dy), g, i, j));
      found = tf.logicalOr(found, isMax);
    }
  }
  const [top, left] = [g.paddings[1]![0], g.paddings[2]![0]];
  return tf.slice(paddedDx, [0, top, left, 0], x.shape);
}

/** The gradient of the MaxPool kernel (input `x`, output saved for the masks only). */
export const maxPoolGradient: tf.GradConfig = {
  kernelName: tf.MaxPool,
  inputsToSave: ['x'],
  outputsToSave: [true],
  gradFunc: (dy, [x, y], attrs) => ({
    x: () => routeToWindowMaxima(dy as tf.Tensor4D, x as tf.Tensor4D, y as tf.Tensor4D, attrs as unknown as tf.MaxPoolAttrs),
  }),
};
