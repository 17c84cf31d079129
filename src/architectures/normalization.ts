import type { SpectralNormalization } from '../layers/spectral_normalization.js';
import { checkOneOf } from './builder_checks.js';

/**
 * How an architecture builder normalizes the hidden layers of one network:
 * - `'batch'`: batch normalization (Ioffe & Szegedy 2015, arXiv:1502.03167) after each hidden layer's linear map,
 *   which then has no bias (the normalization's β replaces it);
 * - `'spectral'`: every Dense / Conv2D / Conv2DTranspose layer of the network is wrapped in
 *   {@link SpectralNormalization} (Miyato et al. 2018, arXiv:1802.05957) and keeps its bias;
 * - `'none'`: plain layers with biases.
 */
export type Normalization = 'batch' | 'spectral' | 'none';

/** The accepted {@link Normalization} values, in the order error messages list them. */
export const NORMALIZATIONS: readonly Normalization[] = ['batch', 'spectral', 'none'];

/**
 * Returns `value` if it is a {@link Normalization}, else throws an error naming the builder's option.
 *
 * @param value - the option as given; `undefined` selects `fallback`.
 * @param option - the option's name in messages, e.g. `'DCGAN: options.discriminatorNormalization'`.
 * @param fallback - the default.
 */
export function checkNormalization(value: unknown, option: string, fallback: Normalization): Normalization {
  return checkOneOf(value, option, NORMALIZATIONS, fallback);
}
