import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Options of {@link symmetricMatrixSqrt}. */
export interface SymmetricMatrixSqrtOptions {
  /**
   * Eigenvalues down to −tolerance·max|λ| are taken as round-off of a positive semi-definite matrix and clamped to 0;
   * a more negative eigenvalue is an error. Default 1e-8.
   */
  readonly tolerance?: number;
}

/**
 * The eigenvalues of a symmetric positive semi-definite matrix, each clamped at 0 (see
 * {@link SymmetricMatrixSqrtOptions.tolerance}), with its orthonormal eigenvectors (the columns of `vectors`).
 * The input is symmetrized first, (A + Aᵀ)/2, so round-off asymmetry does not matter.
 *
 * @param matrix - a square symmetric PSD matrix, as rows.
 * @param where - the caller's name, for errors.
 */
export function psdEigen(
  matrix: Matrix | ReadonlyArray<ReadonlyArray<number>>,
  where: string,
  options: SymmetricMatrixSqrtOptions = {},
): { values: number[]; vectors: Matrix } {
  const a = Matrix.isMatrix(matrix) ? (matrix as Matrix) : new Matrix(matrix.map((row) => [...row]));
  if (!a.isSquare() || a.rows === 0) {
    throw new Error(`${where}: the matrix must be square and non-empty, got ${a.rows}×${a.columns}.`);
  }
  const tolerance = options.tolerance ?? 1e-8;
  if (!(tolerance >= 0)) {
    throw new Error(`${where}: tolerance must be a number ≥ 0, got ${tolerance}.`);
  }
  const symmetric = a.add(a.transpose()).mul(0.5);
  const evd = new EigenvalueDecomposition(symmetric, { assumeSymmetric: true });
  const raw = evd.realEigenvalues;
  const largest = raw.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const values = raw.map((v) => {
    if (v < -tolerance * largest) {
      throw new Error(
        `${where}: the matrix is not positive semi-definite (eigenvalue ${v}, largest |eigenvalue| ${largest}); ` +
          'pass a covariance-like matrix.',
      );
    }
    return Math.max(v, 0);
  });
  return { values, vectors: evd.eigenvectorMatrix };
}

/**
 * The principal square root S of a symmetric positive semi-definite matrix A (S symmetric PSD, S·S = A), from the
 * symmetric eigendecomposition A = V·diag(λ)·Vᵀ: S = V·diag(√λ)·Vᵀ. Eigenvalues slightly below zero (round-off) are
 * clamped to 0 as described in {@link SymmetricMatrixSqrtOptions.tolerance}. Computed in float64 with ml-matrix.
 *
 * @param matrix - a square symmetric PSD matrix (an ml-matrix `Matrix` or rows of numbers).
 * @returns S as an ml-matrix `Matrix`.
 * @throws when the matrix is not square, or has an eigenvalue below −tolerance·max|λ|.
 * @example
 * ```ts
 * symmetricMatrixSqrt([[4, 0], [0, 9]]).to2DArray(); // [[2, 0], [0, 3]]
 * ```
 */
export function symmetricMatrixSqrt(
  matrix: Matrix | ReadonlyArray<ReadonlyArray<number>>,
  options: SymmetricMatrixSqrtOptions = {},
): Matrix {
  const { values, vectors } = psdEigen(matrix, 'symmetricMatrixSqrt', options);
  const scaled = vectors.clone();
  for (let j = 0; j < values.length; j++) scaled.mulColumn(j, Math.sqrt(values[j]!));
  return scaled.mmul(vectors.transpose());
}
