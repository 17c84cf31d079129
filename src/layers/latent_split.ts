import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link LatentSplit}. */
export interface LatentSplitArgs extends LayerArgs {
  /** The size of each chunk, integers ≥ 1, in order; they add up to the latent size (see {@link hierarchicalLatentSizes}). */
  sizes: number[];
}

/**
 * The chunk sizes of BigGAN's hierarchical latent space ("skip-z", Brock et al. 2018, arXiv:1809.11096, §4 and
 * appendix B): z of `latentDim` components split into `chunks` consecutive chunks, one for the generator's first
 * linear layer and one per residual block. The sizes differ by at most one; the first `latentDim mod chunks` chunks
 * get the extra component (BigGAN-PyTorch instead drops the remainder from z).
 *
 * @param latentDim - the size of z, an integer ≥ `chunks`.
 * @param chunks - the number of chunks, an integer ≥ 1 (blocks + 1 in BigGAN).
 * @returns the sizes, e.g. `hierarchicalLatentSizes(128, 4)` = [32, 32, 32, 32], `hierarchicalLatentSizes(10, 4)` = [3, 3, 2, 2].
 */
export function hierarchicalLatentSizes(latentDim: number, chunks: number): number[] {
  if (!Number.isInteger(chunks) || chunks < 1) throw new Error(`hierarchicalLatentSizes: chunks must be an integer ≥ 1, got ${String(chunks)}.`);
  if (!Number.isInteger(latentDim) || latentDim < chunks) {
    throw new Error(`hierarchicalLatentSizes: latentDim must be an integer ≥ chunks (${chunks}), so that every chunk gets a component; got ${String(latentDim)}.`);
  }
  const base = Math.floor(latentDim / chunks);
  return Array.from({ length: chunks }, (_, k) => base + (k < latentDim % chunks ? 1 : 0));
}

/**
 * Splits latent vectors z `[batch, Σ sizes]` into consecutive chunks `[batch, sizes[k]]`: z[:, 0 : s₀],
 * z[:, s₀ : s₀ + s₁], …. The hierarchical latents of BigGAN feed the first chunk to the generator's first layer and
 * each other chunk, concatenated with the shared class embedding, to one residual block's conditional batch
 * normalizations. It has no weights.
 *
 * Input: `[batch, Σ sizes]`. Outputs: one tensor per chunk.
 *
 * @example
 * ```ts
 * const z = tfl.input({ shape: [128] });
 * const [first, ...perBlock] = new LatentSplit({ sizes: hierarchicalLatentSizes(128, 4) }).apply(z) as tfl.SymbolicTensor[];
 * ```
 */
export class LatentSplit extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'LatentSplit';
  /** The chunk sizes. */
  readonly sizes: readonly number[];

  /** @param args - see {@link LatentSplitArgs}. */
  constructor(args: LatentSplitArgs) {
    const sizes = args?.sizes;
    if (!Array.isArray(sizes) || sizes.length === 0 || !sizes.every((s) => Number.isInteger(s) && s >= 1)) {
      throw new Error(`LatentSplit: args.sizes must be a non-empty array of integers ≥ 1, but got ${JSON.stringify(sizes)}.`);
    }
    super(args);
    this.sizes = [...sizes];
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = inputShape as tfl.Shape;
    const total = this.sizes.reduce((a, b) => a + b, 0);
    if (shape.length !== 2 || (shape[1] !== null && shape[1] !== total)) {
      throw new Error(`LatentSplit: the input must be [batch, ${total}] (the sum of sizes ${JSON.stringify(this.sizes)}), but has shape ${JSON.stringify(shape)}.`);
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape[] {
    return this.sizes.map((size) => [(inputShape as tfl.Shape)[0] ?? null, size]);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor[] {
    return tf.tidy(() => tf.split(Array.isArray(inputs) ? inputs[0]! : inputs, [...this.sizes], 1));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { sizes: [...this.sizes], ...super.getConfig() };
  }
}
tf.serialization.registerClass(LatentSplit);
