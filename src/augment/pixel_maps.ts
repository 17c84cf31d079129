import * as tf from '@tensorflow/tfjs-core';

/** One output index's inputs: pairs of (input index, weight). */
type SparseRow = ReadonlyArray<readonly [number, number]>;

/** A linear map of one image axis, as sparse rows (n outputs, each a weighted sum of inputs along the axis). */
export type AxisMap = readonly SparseRow[];

/**
 * A geometric transformation of one image as y = A · op(X) · Bᵀ per channel: A maps rows, B maps columns, and op
 * transposes X (swaps height and width, for quarter turns of square images) when `transposed` is set.
 */
export interface PixelMap {
  readonly rows: AxisMap;
  readonly columns: AxisMap;
  readonly transposed: boolean;
}

/** How pixels beyond the border are read: `'zeros'`, or `'reflect'` (mirrored without repeating the edge pixel). */
export type Padding = 'zeros' | 'reflect';

/** The identity map of an axis of length n. */
export function identityAxis(n: number): AxisMap {
  return Array.from({ length: n }, (_, i) => [[i, 1]] as const);
}

/** The identity transformation of an h×w image. */
export function identityMap(h: number, w: number): PixelMap {
  return { rows: identityAxis(h), columns: identityAxis(w), transposed: false };
}

/** Reverses an axis: output i reads input n − 1 − i. */
export function reverseAxis(n: number): AxisMap {
  return Array.from({ length: n }, (_, i) => [[n - 1 - i, 1]] as const);
}

/** The index that `padding` reads for position i of an axis of length n, or undefined for a zero. */
function padded(i: number, n: number, padding: Padding): number | undefined {
  if (i >= 0 && i < n) return i;
  if (padding === 'zeros') return undefined;
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const m = ((i % period) + period) % period;
  return m < n ? m : period - m;
}

/** Shifts an axis by an integer t: output i reads input i − t (padding beyond the border). */
export function shiftAxis(n: number, t: number, padding: Padding): AxisMap {
  return Array.from({ length: n }, (_, i) => {
    const source = padded(i - t, n, padding);
    return source === undefined ? [] : [[source, 1]] as const;
  });
}

/**
 * Scales an axis by s about its centre c = (n − 1)/2 with reflect padding: output i reads position u = c + (i − c)/s
 * with a tent (linear-interpolation) kernel of radius r = max(1, 1/s), the weights normalized to sum 1 — bilinear
 * interpolation when enlarging, an anti-aliased (triangle-filtered) reduction when shrinking. s = 1 is the identity.
 */
export function scaleAxis(n: number, s: number): AxisMap {
  const centre = (n - 1) / 2;
  const radius = Math.max(1, 1 / s);
  return Array.from({ length: n }, (_, i) => {
    const u = centre + (i - centre) / s;
    const taps = new Map<number, number>();
    let total = 0;
    for (let a = Math.ceil(u - radius); a <= Math.floor(u + radius); a++) {
      const weight = 1 - Math.abs(a - u) / radius;
      if (weight <= 0) continue;
      const source = padded(a, n, 'reflect')!;
      taps.set(source, (taps.get(source) ?? 0) + weight);
      total += weight;
    }
    return [...taps].map(([source, weight]) => [source, weight / total] as const);
  });
}

/** The product outer · inner of two axis maps (inner applied first). */
function composeAxes(outer: AxisMap, inner: AxisMap): AxisMap {
  return outer.map((row) => {
    const taps = new Map<number, number>();
    for (const [middle, w1] of row) for (const [source, w2] of inner[middle]!) taps.set(source, (taps.get(source) ?? 0) + w1 * w2);
    return [...taps];
  });
}

/**
 * The transformation that applies `first`, then `second`: with y = A₂ · op₂(A₁ · op₁(X) · B₁ᵀ) · B₂ᵀ, a transposing
 * op₂ swaps the roles of A₁ and B₁ (op₂(A₁ Z B₁ᵀ) = B₁ Zᵀ A₁ᵀ).
 */
export function thenMap(first: PixelMap, second: PixelMap): PixelMap {
  return second.transposed
    ? { rows: composeAxes(second.rows, first.columns), columns: composeAxes(second.columns, first.rows), transposed: !first.transposed }
    : { rows: composeAxes(second.rows, first.rows), columns: composeAxes(second.columns, first.columns), transposed: first.transposed };
}

function isIdentityAxis(axis: AxisMap): boolean {
  return axis.every((row, i) => row.length === 1 && row[0]![0] === i && row[0]![1] === 1);
}

/** The dense matrices `[batch, n, n]` of one axis of every sample's map. */
function axisMatrices(axes: readonly AxisMap[], n: number): tf.Tensor3D {
  const values = new Float32Array(axes.length * n * n);
  axes.forEach((axis, b) => axis.forEach((row, i) => {
    for (const [j, w] of row) values[(b * n + i) * n + j] = w;
  }));
  return tf.tensor3d(values, [axes.length, n, n]);
}

/**
 * Applies one {@link PixelMap} per sample to NHWC images `[batch, h, w, c]` as batched matrix products (two at most,
 * plus a blend with the transposed images when some map transposes), so the result is differentiable in the images
 * on every backend. Axes whose maps are the identity for the whole batch are skipped; an all-identity batch returns
 * a copy of the images.
 */
export function applyPixelMaps(images: tf.Tensor4D, maps: readonly PixelMap[]): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = images.shape;
    let x: tf.Tensor4D = images;
    if (maps.some((m) => m.transposed)) {
      const transposed = tf.transpose(x, [0, 2, 1, 3]);
      const mask = tf.tensor4d(maps.map((m) => (m.transposed ? 1 : 0)), [n, 1, 1, 1]);
      x = tf.add(tf.mul(mask, transposed), tf.mul(tf.sub(1, mask), x));
    }
    if (!maps.every((m) => isIdentityAxis(m.rows))) {
      x = tf.reshape(tf.matMul(axisMatrices(maps.map((m) => m.rows), h), tf.reshape(x, [n, h, w * c])), [n, h, w, c]);
    }
    if (!maps.every((m) => isIdentityAxis(m.columns))) {
      const byColumns = tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [n, w, h * c]);
      x = tf.transpose(tf.reshape(tf.matMul(axisMatrices(maps.map((m) => m.columns), w), byColumns), [n, w, h, c]), [0, 2, 1, 3]);
    }
    return x === images ? tf.clone(images) : x;
  });
}
