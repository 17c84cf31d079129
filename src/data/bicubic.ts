import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link resizeBicubic}. */
export interface ResizeBicubicOptions {
  /** Target height in pixels, an integer ≥ 1. */
  readonly height: number;
  /** Target width in pixels, an integer ≥ 1. */
  readonly width: number;
  /** Clamp the result to `[min, max]` (bicubic interpolation overshoots at edges); e.g. `[-1, 1]`. Not clamped when omitted. */
  readonly clamp?: readonly [number, number];
}

/** Keys' cubic convolution kernel with a = −0.5 (Keys 1981). */
function keys(t: number): number {
  const x = Math.abs(t);
  const a = -0.5;
  if (x <= 1) return (a + 2) * x ** 3 - (a + 3) * x ** 2 + 1;
  if (x < 2) return a * x ** 3 - 5 * a * x ** 2 + 8 * a * x - 4 * a;
  return 0;
}

/**
 * The `[outSize, inSize]` matrix of 1-D bicubic interpolation with half-pixel centres: output sample i sits at
 * s = (i + ½)·inSize/outSize − ½ and takes Σ_{k=−1…2} W(s − (⌊s⌋ + k)) · x[clamp(⌊s⌋ + k)], with Keys' kernel W
 * (a = −0.5) and the edge pixel repeated beyond the border. Each row sums to 1.
 */
export function bicubicWeights(inSize: number, outSize: number): Float32Array {
  const m = new Float32Array(outSize * inSize);
  for (let i = 0; i < outSize; i++) {
    const s = ((i + 0.5) * inSize) / outSize - 0.5;
    const base = Math.floor(s);
    for (let k = -1; k <= 2; k++) {
      const j = Math.min(inSize - 1, Math.max(0, base + k));
      m[i * inSize + j]! += keys(s - (base + k));
    }
  }
  return m;
}

/**
 * Bicubic resizing (Keys 1981, "Cubic convolution interpolation for digital image processing", IEEE TASSP 29(6);
 * a = −0.5 as in PIL and TensorFlow's `resize_bicubic` with half-pixel centres; the edge pixel is repeated beyond the
 * border): separable, y = W_h · x · W_wᵀ per image and channel, where row i of the `[out, in]` matrix W holds the
 * weights of output sample i at s = (i + ½)·in/out − ½: W(s − (⌊s⌋ + k)) on pixel clamp(⌊s⌋ + k), k = −1 … 2. The usual
 * baseline of super-resolution (SRGAN, arXiv:1609.04802, reports it). Meant for up-sampling: when shrinking it does
 * not low-pass filter first (use {@link resizeImages} to shrink).
 *
 * @param images - `[n, h, w, c]`. Not disposed.
 * @param options - the target size and an optional clamp; see {@link ResizeBicubicOptions}.
 * @returns `[n, height, width, c]`; the caller disposes it.
 * @example
 * ```ts
 * const baseline = resizeBicubic(lowRes, { height: 28, width: 28, clamp: [-1, 1] });   // 14×14 → 28×28
 * ```
 */
export function resizeBicubic(images: tf.Tensor4D, options: ResizeBicubicOptions): tf.Tensor4D {
  if (images.rank !== 4) throw new Error(`resizeBicubic: images must be [n, height, width, channels], but got shape [${images.shape.join(', ')}].`);
  const { height, width, clamp } = options;
  for (const [name, value] of [['height', height], ['width', width]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`resizeBicubic: options.${name} must be an integer ≥ 1, but got ${String(value)}.`);
  }
  if (clamp !== undefined && !(Array.isArray(clamp) && clamp.length === 2 && clamp[0] <= clamp[1])) {
    throw new Error(`resizeBicubic: options.clamp must be [min, max] with min ≤ max, but got ${JSON.stringify(clamp)}.`);
  }
  const [n, h, w, c] = images.shape;
  return tf.tidy(() => {
    const rowsMatrix = tf.tensor2d(bicubicWeights(h, height), [height, h]);
    const colsMatrix = tf.tensor2d(bicubicWeights(w, width), [width, w]);
    // [n, h, w, c] → [n·c·h, w] · W_wᵀ → [n, c, h, width] → [n·c·width, h] · W_hᵀ → [n, c, width, height] → [n, height, width, c].
    const planes = tf.reshape(tf.transpose(images, [0, 3, 1, 2]), [n * c * h, w]);
    const alongWidth = tf.reshape(tf.matMul(planes, colsMatrix, false, true), [n * c, h, width]);
    const columns = tf.reshape(tf.transpose(alongWidth, [0, 2, 1]), [n * c * width, h]);
    const alongHeight = tf.reshape(tf.matMul(columns, rowsMatrix, false, true), [n, c, width, height]);
    const out = tf.transpose(alongHeight, [0, 3, 2, 1]) as tf.Tensor4D;
    return clamp === undefined ? out : (tf.clipByValue(out, clamp[0], clamp[1]) as tf.Tensor4D);
  });
}
