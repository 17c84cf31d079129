/** Options every built-in discriminator regularizer takes. */
export interface RegularizerOptions {
  /** λ, the penalty's weight in `L_D + λ · penalty`; finite, ≥ 0. Each regularizer documents its default. */
  readonly weight?: number;
  /**
   * Apply the penalty every n generator steps only (lazy regularization, Karras et al. 2020, arXiv 1912.04958); the
   * trainer scales it by n on those steps. A positive integer. Default 1 (every step).
   */
  readonly every?: number;
}

/** The weight and period of a regularizer after validation. */
export interface ResolvedRegularizerOptions {
  readonly weight: number;
  readonly every: number;
}

/** Validates {@link RegularizerOptions} and fills in the defaults; errors name `caller` and the bad value. */
export function resolveRegularizerOptions(
  options: RegularizerOptions, defaultWeight: number, caller: string,
): ResolvedRegularizerOptions {
  const { weight = defaultWeight, every = 1 } = options;
  if (!Number.isFinite(weight) || weight < 0) {
    throw new Error(`gan-kit ${caller}: options.weight must be a finite number ≥ 0, got ${weight}.`);
  }
  if (!Number.isInteger(every) || every < 1) {
    throw new Error(`gan-kit ${caller}: options.every must be a positive integer (apply every n steps), got ${every}.`);
  }
  return { weight, every };
}

/** Throws unless `value` is finite and ≥ `min` (or > `min` when `exclusive`); names `caller` and the option. */
export function assertFiniteOption(
  value: number, name: string, caller: string, min: number, exclusive: boolean,
): void {
  if (!Number.isFinite(value) || value < min || (exclusive && value === min)) {
    throw new Error(
      `gan-kit ${caller}: options.${name} must be a finite number ${exclusive ? '>' : '≥'} ${min}, got ${value}.`,
    );
  }
}
