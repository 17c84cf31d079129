import * as tf from '@tensorflow/tfjs-core';

/*
 * The gradient of max pooling, dx = MaxPoolGrad(dy, x, y), is linear in dy: each window's dy is routed to the
 * position of the window's maximum. Its own gradient with respect to dy is therefore the adjoint routing: every
 * window *reads* the upstream gradient at its maximum's position. With respect to x and y it is zero almost
 * everywhere (the routing only changes where two window values cross). tfjs-core registers no gradient for the
 * MaxPoolGrad kernel, so double backpropagation through maxPool stopped with "gradient function not found".
 *
 * The windows are read with pad/slice/reshape (all differentiable, on every backend). Ties go to the first maximum
 * in row-major window order, as in the CPU and WASM MaxPoolGrad kernels, so the second-order routing is the exact
 * adjoint of the first-order one.
 */

interface WindowGeometry {
  readonly outHeight: number;
  readonly outWidth: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  /** Paddings of the input, `[[0, 0], [top, bottom], [left, right], [0, 0]]`, large enough for every window read. */
  readonly paddings: Array<[number, number]>;
}

function windowGeometry(inShape: [number, number, number, number], attrs: tf.MaxPoolGradAttrs): WindowGeometry {
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

/**
 * For each window, `upstream` at the window's first maximum: the adjoint of MaxPoolGrad with respect to dy.
 *
 * @param upstream - the gradient arriving at MaxPoolGrad's output, shape of `x`.
 * @param x - the max pool's input `[batch, height, width, channels]`.
 * @param y - the max pool's output `[batch, outHeight, outWidth, channels]`.
 */
function routeToWindowMaxima(upstream: tf.Tensor4D, x: tf.Tensor4D, y: tf.Tensor4D, attrs: tf.MaxPoolGradAttrs): tf.Tensor4D {
  const g = windowGeometry(x.shape, attrs);
  const paddedX = tf.pad(x, g.paddings);
  const paddedValid = tf.pad(tf.onesLike(x), g.paddings);
  const paddedUpstream = tf.pad(upstream, g.paddings);
  let found: tf.Tensor4D = tf.zeros(y.shape, 'bool');
  let routed: tf.Tensor4D = tf.zeros(y.shape);
  for (let i = 0; i < g.filterHeight; i++) {
    for (let j = 0; j < g.filterWidth; j++) {
      const isValid = tf.greater(windowOffset(paddedValid, g, i, j), 0);
      const isMax = tf.logicalAnd(tf.logicalAnd(tf.equal(windowOffset(paddedX, g, i, j), y), isValid), tf.logicalNot(found));
      routed = tf.add(routed, tf.mul(tf.cast(isMax, 'float32'), windowOffset(paddedUpstream, g, i, j)));
      found = tf.logicalOr(found, isMax);
    }
  }
  return routed;
}

/** The gradient of the MaxPoolGrad kernel (inputs `dy`, `input`, `output`). */
export const maxPoolGradGradient: tf.GradConfig = {
  kernelName: tf.MaxPoolGrad,
  inputsToSave: ['input', 'output'],
  gradFunc: (ddx, [input, output], attrs) => ({
    dy: () => routeToWindowMaxima(
      ddx as tf.Tensor4D, input as tf.Tensor4D, output as tf.Tensor4D, attrs as unknown as tf.MaxPoolGradAttrs,
    ),
    input: () => tf.zerosLike(input!),
    output: () => tf.zerosLike(output!),
  }),
};
