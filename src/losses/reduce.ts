import * as tf from '@tensorflow/tfjs-core';
import type { LossOptions, Reduction } from './gan_loss.js';

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/** {@link LossOptions} after validation, with every default filled in. */
export interface ResolvedLossOptions {
  /** One-sided label smoothing `s` in `[0, 1)`; `0` when the caller gave none. */
  readonly labelSmoothing: number;
  /** The reduction; `'mean'` when the caller gave none. */
  readonly reduction: Reduction;
}

/** How a loss treats the shared options, given to {@link resolveLossOptions}. */
export interface LossOptionRules {
  /**
   * `undefined` when the loss supports label smoothing; otherwise the sentence shown to a caller who asks for a
   * non-zero value, saying why it has no meaning for this loss and what to use instead.
   */
  readonly labelSmoothingRejected?: string;
  /** Option names this loss accepts beyond `labelSmoothing` and `reduction` (validated by the loss itself). */
  readonly extraKeys?: readonly string[];
}

/**
 * Validates a loss's options object and fills in the defaults (`labelSmoothing: 0`, `reduction: 'mean'`).
 *
 * Errors name the function (`functionName`), the option, the value seen and the accepted range. Unknown option
 * names are rejected too, so a misspelt option (`labelSmothing`) is never silently ignored.
 *
 * @param functionName - The public function or factory the options were given to, e.g. `'minimaxLoss'`.
 * @param options - The caller's options; `undefined` means all defaults.
 * @param rules - Whether label smoothing has a meaning for this loss, and which other option names it accepts.
 */
export function resolveLossOptions(
  functionName: string,
  options: LossOptions | undefined,
  rules: LossOptionRules = {},
): ResolvedLossOptions {
  if (options === undefined) return { labelSmoothing: 0, reduction: 'mean' };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(
      `${functionName}: options must be an object such as { reduction: 'mean' }; got ${describeValue(options)}.`,
    );
  }
  const known = ['labelSmoothing', 'reduction', ...(rules.extraKeys ?? [])];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `${functionName}: unknown option '${key}'. Accepted options: ${known.map((k) => `'${k}'`).join(', ')}.`,
      );
    }
  }

  const labelSmoothing = options.labelSmoothing ?? 0;
  if (typeof labelSmoothing !== 'number' || !(labelSmoothing >= 0 && labelSmoothing < 1)) {
    throw new RangeError(
      `${functionName}: options.labelSmoothing must be a number in [0, 1) (the real target becomes ` +
        `1 − labelSmoothing; 0.1 is a common choice); got ${describeValue(labelSmoothing)}.`,
    );
  }
  if (labelSmoothing !== 0 && rules.labelSmoothingRejected !== undefined) {
    throw new RangeError(
      `${functionName}: options.labelSmoothing must be 0 for this loss; got ${labelSmoothing}. ` +
        rules.labelSmoothingRejected,
    );
  }

  const reduction = options.reduction ?? 'mean';
  if (!REDUCTIONS.includes(reduction)) {
    throw new RangeError(
      `${functionName}: options.reduction must be one of 'mean', 'sum', 'none'; got ${describeValue(reduction)}.`,
    );
  }
  return { labelSmoothing, reduction };
}

/**
 * Reduces the per-example terms of a loss and adds them up: `Σ_k reduce(term_k)`.
 *
 * - `'mean'`: `Σ_k mean(term_k)`, a scalar. Each term is averaged over its own batch, so the real and the generated
 *   batch may differ in size.
 * - `'sum'`: `Σ_k sum(term_k)`, a scalar.
 * - `'none'`: the element-wise sum `Σ_k term_k`, with the shape of the terms; all terms must have the same shape
 *   (callers check this with a readable error before calling).
 *
 * Call inside `tf.tidy`; the intermediate tensors are not disposed here.
 *
 * @param terms - One or more per-example loss tensors, each of shape `[batch]` or `[batch, 1]`.
 * @param reduction - How to reduce each term.
 */
export function reduceTerms(terms: readonly tf.Tensor[], reduction: Reduction): tf.Tensor {
  const reduced = reduction === 'none' ? terms : terms.map((t) => (reduction === 'sum' ? tf.sum(t) : tf.mean(t)));
  return reduced.length === 1 ? (reduced[0] as tf.Tensor) : tf.addN([...reduced]);
}

/** A short, readable rendering of any value for an error message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (value instanceof tf.Tensor) return `a ${value.dtype} tensor of shape [${value.shape.join(', ')}]`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return `a value of type ${typeof value}`;
}
