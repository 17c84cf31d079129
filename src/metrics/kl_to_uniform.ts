/**
 * The Kullback–Leibler divergence of a histogram, normalized to a distribution p over its K bins, from the uniform
 * distribution u = 1/K: KL(p ‖ u) = Σ_{i: pᵢ > 0} pᵢ log(pᵢ K), in nats. Empty bins contribute 0 (0·log 0 = 0), so the
 * result is finite: 0 for a flat histogram, log K when all counts are in one bin. It is NaN when every count is 0
 * (p is then undefined).
 *
 * Used as the "reverse KL" of mode coverage (PacGAN, arXiv 1712.04086) and as the class-histogram divergence of
 * {@link classCoverage}.
 *
 * @param counts - the histogram, K ≥ 1 bins of counts (or weights) ≥ 0.
 * @example
 * ```ts
 * klToUniform([5, 5]); // 0
 * klToUniform([10, 0]); // log 2 ≈ 0.693
 * ```
 */
export function klToUniform(counts: ArrayLike<number>): number {
  const k = counts.length;
  if (k < 1) throw new Error('klToUniform: counts must have at least one bin, got an empty list.');
  let total = 0;
  for (let i = 0; i < k; i++) {
    const c = counts[i]!;
    if (!(c >= 0) || !Number.isFinite(c)) {
      throw new Error(`klToUniform: counts[${i}] = ${c}; every count must be a finite number ≥ 0.`);
    }
    total += c;
  }
  if (total === 0) return Number.NaN;
  let kl = 0;
  for (let i = 0; i < k; i++) {
    const p = counts[i]! / total;
    if (p > 0) kl += p * Math.log(p * k);
  }
  return kl;
}
