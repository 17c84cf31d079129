/**
 * The exponential moving average of a series with bias correction, as TensorBoard smooths its curves:
 * s₀ = 0, sₜ = β·sₜ₋₁ + (1 − β)·xₜ, and the value shown at t is sₜ / (1 − βᵗ) (t counting the finite values so far),
 * so that the first values are not pulled towards 0. A non-finite xₜ leaves s unchanged and gives NaN at t.
 *
 * @param values - the raw series.
 * @param beta - the weight of the past, in [0, 1): 0 returns the values, 0.99 averages over about the last 100.
 */
export function exponentialMovingAverage(values: readonly number[], beta: number): number[] {
  if (!(beta >= 0 && beta < 1)) throw new Error(`exponentialMovingAverage: beta must be in [0, 1), got ${beta}.`);
  let state = 0;
  let count = 0;
  return values.map((x) => {
    if (!Number.isFinite(x)) return Number.NaN;
    count += 1;
    state = beta * state + (1 - beta) * x;
    return state / (1 - beta ** count);
  });
}
