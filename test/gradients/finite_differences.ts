// Central finite differences for gradient checks (a test helper, not a test file).
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';

/** Analytic and numeric derivatives of one scalar function at the same points. */
export interface DerivativeComparison {
  readonly analytic: number[];
  readonly numeric: number[];
}

/** Evaluates a scalar-valued function inside tf.tidy and returns its value as a number. */
function valueOf(f: () => tf.Tensor): number {
  return tf.tidy(() => {
    const v = f();
    assert.equal(v.size, 1, `expected a scalar, got shape [${v.shape.join(', ')}]`);
    return v.dataSync()[0]!;
  });
}

/** Spreads up to `perVariable` probe positions evenly over a variable of `size` elements. */
function probes(size: number, perVariable: number): number[] {
  const count = Math.min(size, perVariable);
  return Array.from({ length: count }, (_, k) => Math.floor((k * size) / count));
}

/** Analytic and numeric derivatives, and how many probes straddled a kink (see {@link compareVariableGradients}). */
export interface VariableGradientComparison extends DerivativeComparison {
  readonly kinks: number;
}

/** Agreement required between analytic and numeric derivatives: |a − n| ≤ relTol · scale + absTol. */
export interface Tolerance {
  readonly relTol: number;
  readonly absTol: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { relTol: 2e-2, absTol: 1e-4 };

/**
 * ∂f/∂θ for the given variables, by tf.variableGrads (analytic) and by central differences
 * (f(θ + h·eᵢ) − f(θ − h·eᵢ)) / 2h (numeric), at up to `perVariable` elements of each variable.
 *
 * Networks with ReLU, leaky ReLU or max pooling make a gradient penalty piecewise smooth in the weights: it jumps
 * where a pre-activation crosses zero, and a central difference across such a kink is meaningless. So a probe whose
 * central difference disagrees with the analytic value (beyond `tolerance`, scaled by the largest analytic value) is
 * differenced again with h/2: if the two central differences disagree as well, a kink lies within h of θ, and the
 * probe uses the one-sided difference of the side whose h and h/2 estimates agree best, Richardson-extrapolated
 * (2·D(h/2) − D(h), second-order accurate). Such probes are counted in `kinks`; callers bound their number.
 */
export function compareVariableGradients(
  f: () => tf.Scalar, variables: tf.Variable[], h: number,
  { perVariable = 4, tolerance = DEFAULT_TOLERANCE }: { perVariable?: number; tolerance?: Tolerance } = {},
): VariableGradientComparison {
  const analyticByVariable = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(f, variables);
    value.dispose();
    // A variable the function does not depend on gets no entry: its gradient is zero (the differences check that).
    return variables.map((v) => grads[v.name]?.dataSync().slice() ?? new Float32Array(v.size));
  });
  const scale = Math.max(...analyticByVariable.map((a) => Math.max(...Array.from(a, Math.abs))));
  const allowed = tolerance.relTol * scale + tolerance.absTol;
  const analytic: number[] = [];
  const numeric: number[] = [];
  let kinks = 0;
  variables.forEach((v, vi) => {
    const original = Float32Array.from(v.dataSync());
    const at = (i: number, delta: number): number => {
      const shifted = original.slice();
      shifted[i] = original[i]! + delta;
      tf.tidy(() => v.assign(tf.tensor(shifted, v.shape, 'float32')));
      return valueOf(f);
    };
    for (const i of probes(v.size, perVariable)) {
      const a = analyticByVariable[vi]![i]!;
      const [plus, minus] = [at(i, h), at(i, -h)];
      const central = (plus - minus) / (2 * h);
      let estimate = central;
      if (Math.abs(central - a) > allowed) {
        const [plusHalf, minusHalf] = [at(i, h / 2), at(i, -h / 2)];
        if (Math.abs(central - (plusHalf - minusHalf) / h) > allowed) {
          kinks++;
          const here = at(i, 0);
          const forward = [(plus - here) / h, (plusHalf - here) / (h / 2)] as const;
          const backward = [(here - minus) / h, (here - minusHalf) / (h / 2)] as const;
          const side = Math.abs(forward[0] - forward[1]) <= Math.abs(backward[0] - backward[1]) ? forward : backward;
          estimate = 2 * side[1] - side[0];
        }
      }
      analytic.push(a);
      numeric.push(estimate);
    }
    tf.tidy(() => v.assign(tf.tensor(original, v.shape, 'float32')));
  });
  return { analytic, numeric, kinks };
}

/** ∇ₓ g(x) by tf.grad and by central differences in every element of x. */
export function compareInputGradient(g: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, h: number): DerivativeComparison {
  const analytic = tf.tidy(() => Array.from(tf.grad(g)(x).dataSync()));
  const base = x.dataSync().slice();
  const numeric = Array.from(base, (_, i) => {
    const at = (delta: number): number => {
      const shifted = base.slice();
      shifted[i] = base[i]! + delta;
      return valueOf(() => g(tf.tensor(shifted, x.shape, 'float32')));
    };
    return (at(h) - at(-h)) / (2 * h);
  });
  return { analytic, numeric };
}

/** The largest |analytic − numeric| and the largest |numeric|. */
export function discrepancy({ analytic, numeric }: DerivativeComparison): { maxError: number; scale: number } {
  let maxError = 0;
  let scale = 0;
  numeric.forEach((n, i) => {
    maxError = Math.max(maxError, Math.abs(n - analytic[i]!));
    scale = Math.max(scale, Math.abs(n));
  });
  return { maxError, scale };
}

/**
 * Asserts agreement within `relTol` of the numeric gradient's scale (plus `absTol`), and — so that the check cannot
 * pass vacuously — that the numeric gradient is not negligible: its scale must reach `minScale`.
 */
export function assertDerivativesAgree(
  comparison: DerivativeComparison, label: string,
  { relTol, absTol }: Tolerance = DEFAULT_TOLERANCE, minScale = 1e-3,
): void {
  const { maxError, scale } = discrepancy(comparison);
  assert.ok(scale >= minScale, `${label}: numeric gradient is negligible (max |·| = ${scale}); the check would be vacuous`);
  assert.ok(
    maxError <= relTol * scale + absTol,
    `${label}: max |analytic − numeric| = ${maxError.toExponential(3)} exceeds ${relTol} × ${scale.toExponential(3)} + ${absTol}` +
      `\n analytic ${comparison.analytic.map((v) => v.toPrecision(4)).join(', ')}` +
      `\n numeric  ${comparison.numeric.map((v) => v.toPrecision(4)).join(', ')}`,
  );
}

/**
 * The Hessian-vector product of an op: for g(x) = Σ r ⊙ ∇ₓ(Σ s ⊙ f(x)) with fixed random r, s, compares ∇ₓ g
 * (second-order backpropagation through f) with central differences of g (first-order only).
 */
export function compareSecondOrder(
  f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, s: tf.Tensor, r: tf.Tensor, h: number,
): DerivativeComparison {
  const g = (z: tf.Tensor): tf.Tensor => tf.sum(tf.mul(r, tf.grad((u: tf.Tensor) => tf.sum(tf.mul(s, f(u))))(z)));
  return compareInputGradient(g, x, h);
}
