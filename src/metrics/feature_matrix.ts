import type * as tf from '@tensorflow/tfjs-core';
import { Matrix } from 'ml-matrix';

/**
 * Reads a `[n, d]` feature tensor into a float64 matrix, after checking that it is rank 2 with at least `minRows`
 * rows, at least one column, and only finite values. Errors name the function and argument.
 *
 * @param features - the features, `[n, d]`.
 * @param where - `'functionName: argumentName'`, for the error messages.
 * @param minRows - the fewest rows the caller can work with (≥ 1).
 */
export function featureMatrix(features: tf.Tensor, where: string, minRows: number): Matrix {
  if (features.rank !== 2) {
    throw new Error(`${where} must be a [n, d] feature tensor, got shape [${features.shape.join(', ')}]; flatten or extract features first.`);
  }
  const [n, d] = features.shape as [number, number];
  if (n < minRows || d < 1) {
    throw new Error(`${where} needs at least ${minRows} row(s) of at least one feature, got shape [${n}, ${d}].`);
  }
  const values = features.dataSync();
  const matrix = new Matrix(n, d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = values[i * d + j]!;
      if (!Number.isFinite(v)) {
        throw new Error(`${where} holds a non-finite value (${v}) at row ${i}, column ${j}.`);
      }
      matrix.set(i, j, v);
    }
  }
  return matrix;
}
