import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link precisionRecall}. */
export interface PrecisionRecallOptions {
  /** Which nearest neighbour sets each point's radius, a positive integer below each set's size. Default 3 (the paper's). */
  readonly k?: number;
  /** Rows of the pairwise-distance matrix computed at a time, a positive integer; bounds the memory. Default 500. */
  readonly batchSize?: number;
}

/** The result of {@link precisionRecall}. */
export interface PrecisionRecall {
  /** Fraction of generated points inside the real manifold, in [0, 1]: how realistic the samples are. */
  readonly precision: number;
  /** Fraction of real points inside the generated manifold, in [0, 1]: how much of the data the samples cover. */
  readonly recall: number;
}

function checkFeatures(features: tf.Tensor, where: string, k: number): void {
  if (features.rank !== 2 || features.shape[1]! < 1) {
    throw new Error(`precisionRecall: ${where} must be [n, d] features, got shape [${features.shape.join(', ')}].`);
  }
  if (features.shape[0]! <= k) {
    throw new Error(`precisionRecall: ${where} has ${features.shape[0]} points; k = ${k} needs more than k points per set.`);
  }
}

/** Squared Euclidean distances between every row of `a` and every row of `b`, clamped at 0 against round-off. */
function squaredDistances(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const aa = tf.sum(tf.square(a), 1, true);
    const bb = tf.transpose(tf.sum(tf.square(b), 1, true));
    return tf.relu(tf.sub(tf.add(aa, bb), tf.mul(tf.matMul(a, b, false, true), 2))) as tf.Tensor2D;
  });
}

/** Squared distance of every row of `points` to its k-th nearest other row (the row itself excluded). */
function squaredRadii(points: tf.Tensor2D, k: number, batchSize: number): tf.Tensor1D {
  const n = points.shape[0];
  const parts: tf.Tensor1D[] = [];
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    parts.push(
      tf.tidy(() => {
        const d2 = squaredDistances(tf.slice(points, start, size), points);
        // The k+1 smallest include the row itself (distance 0), so the (k+1)-th is the k-th neighbour's.
        const { values } = tf.topk(tf.neg(d2), k + 1, true);
        return tf.neg(tf.reshape(tf.slice(values, [0, k], [size, 1]), [size])) as tf.Tensor1D;
      }),
    );
  }
  const radii = tf.concat1d(parts);
  tf.dispose(parts);
  return radii;
}

/** How many rows of `queries` lie within the radius of at least one row of `centers`: ‖q − c‖² ≤ r(c)². */
function countInside(queries: tf.Tensor2D, centers: tf.Tensor2D, radii2: tf.Tensor1D, batchSize: number): number {
  const n = queries.shape[0];
  let count = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const inside = tf.tidy(() => {
      const d2 = squaredDistances(tf.slice(queries, start, size), centers);
      return tf.sum(tf.cast(tf.any(tf.lessEqual(d2, tf.expandDims(radii2, 0)), 1), 'int32'));
    });
    count += inside.dataSync()[0]!;
    inside.dispose();
  }
  return count;
}

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019, arXiv 1904.06991). Each set of features approximates its
 * manifold by the union of balls around its points, each ball reaching the point's k-th nearest neighbour in the same
 * set. Precision is the fraction of generated points inside the real manifold; recall, the fraction of real points
 * inside the generated manifold. Distances are Euclidean, computed on the active backend after centring both sets on
 * the real mean (which leaves distances unchanged and keeps float32 round-off small); a point on a ball's boundary
 * counts as inside.
 *
 * @param real - features of real data, `[nReal, d]`, nReal > k.
 * @param generated - features of generated data, `[nGenerated, d]`, nGenerated > k, the same d.
 * @param options - see {@link PrecisionRecallOptions}.
 * @example
 * ```ts
 * const { precision, recall } = precisionRecall(realFeatures, fakeFeatures); // k = 3
 * ```
 */
export function precisionRecall(real: tf.Tensor2D, generated: tf.Tensor2D, options: PrecisionRecallOptions = {}): PrecisionRecall {
  const k = options.k ?? 3;
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(k) || k < 1) throw new Error(`precisionRecall: k must be a positive integer, got ${k}.`);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`precisionRecall: batchSize must be a positive integer, got ${batchSize}.`);
  }
  checkFeatures(real, 'real', k);
  checkFeatures(generated, 'generated', k);
  if (real.shape[1] !== generated.shape[1]) {
    throw new Error(
      `precisionRecall: real [${real.shape.join(', ')}] and generated [${generated.shape.join(', ')}] must have the same number of features.`,
    );
  }
  const [r, g] = tf.tidy((): tf.Tensor2D[] => {
    const mean = tf.mean(tf.cast(real, 'float32'), 0, true);
    return [tf.sub(tf.cast(real, 'float32'), mean), tf.sub(tf.cast(generated, 'float32'), mean)];
  }) as [tf.Tensor2D, tf.Tensor2D];
  const realRadii = squaredRadii(r, k, batchSize);
  const generatedRadii = squaredRadii(g, k, batchSize);
  try {
    return {
      precision: countInside(g, r, realRadii, batchSize) / g.shape[0],
      recall: countInside(r, g, generatedRadii, batchSize) / r.shape[0],
    };
  } finally {
    tf.dispose([r, g, realRadii, generatedRadii]);
  }
}
