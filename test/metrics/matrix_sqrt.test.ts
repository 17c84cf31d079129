import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from 'ml-matrix';

import { psdEigen, symmetricMatrixSqrt } from '../../src/metrics/matrix_sqrt.js';

function assertClose(actual: Matrix, expected: number[][], tolerance: number): void {
  const a = actual.to2DArray();
  assert.equal(a.length, expected.length);
  a.forEach((row, i) =>
    row.forEach((v, j) => assert.ok(Math.abs(v - expected[i]![j]!) <= tolerance, `[${i}][${j}] = ${v}, expected ${expected[i]![j]}`)),
  );
}

describe('symmetricMatrixSqrt', () => {
  it('takes the root of a diagonal matrix entry by entry', () => {
    assertClose(symmetricMatrixSqrt([[4, 0, 0], [0, 9, 0], [0, 0, 0.25]]), [[2, 0, 0], [0, 3, 0], [0, 0, 0.5]], 1e-14);
  });

  it('gives ½[[√3+1, √3−1], [√3−1, √3+1]] for [[2, 1], [1, 2]] (eigenvalues 1 and 3)', () => {
    const r3 = Math.sqrt(3);
    assertClose(symmetricMatrixSqrt([[2, 1], [1, 2]]), [[(r3 + 1) / 2, (r3 - 1) / 2], [(r3 - 1) / 2, (r3 + 1) / 2]], 1e-14);
  });

  it('handles a singular PSD matrix: √[[1, 1], [1, 1]] = [[1, 1], [1, 1]]/√2', () => {
    const h = Math.SQRT1_2;
    // The zero eigenvalue comes out as ±1e-16; its root (1e-8) bounds the accuracy near singular matrices at √ε.
    assertClose(symmetricMatrixSqrt([[1, 1], [1, 1]]), [[h, h], [h, h]], 3e-8);
  });

  it('recovers S from S² for a dense 4×4 symmetric PSD S built from a rotation', () => {
    // S = Q·diag(0.5, 1, 2, 3)·Qᵀ with Q the product of two plane rotations; the principal root of S² is S itself.
    const c1 = Math.cos(0.7), s1 = Math.sin(0.7), c2 = Math.cos(-1.3), s2 = Math.sin(-1.3);
    const r1 = new Matrix([[c1, -s1, 0, 0], [s1, c1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]);
    const r2 = new Matrix([[1, 0, 0, 0], [0, c2, 0, -s2], [0, 0, 1, 0], [0, s2, 0, c2]]);
    const q = r1.mmul(r2);
    const s = q.mmul(Matrix.diag([0.5, 1, 2, 3])).mmul(q.transpose());
    assertClose(symmetricMatrixSqrt(s.mmul(s)), s.to2DArray(), 1e-12);
  });

  it('clamps round-off negatives to 0 and rejects a matrix that is not PSD', () => {
    const { values } = psdEigen([[1, 0], [0, -1e-12]], 'test');
    assert.deepEqual([...values].sort((a, b) => a - b), [0, 1]);
    assert.throws(() => symmetricMatrixSqrt([[1, 0], [0, -0.5]]), /symmetricMatrixSqrt: the matrix is not positive semi-definite \(eigenvalue -0\.5/);
    assert.throws(() => symmetricMatrixSqrt([[1, 2, 3], [4, 5, 6]]), /square and non-empty, got 2×3/);
  });
});
