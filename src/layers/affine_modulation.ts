import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/**
 * h ⊙ scale + shift with one scale and shift `[batch, C]` per sample, broadcast over every axis of h `[batch, …, C]`
 * but the first and the last.
 */
export function modulate(h: tf.Tensor, scale: tf.Tensor, shift: tf.Tensor): tf.Tensor {
  const shape = [h.shape[0]!, ...h.shape.slice(1, -1).map(() => 1), h.shape[h.rank - 1]!];
  return tf.add(tf.mul(h, tf.reshape(scale, shape)), tf.reshape(shift, shape));
}

/**
 * The per-sample scale and shift of BigGAN's conditional batch normalization (Brock et al. 2018, "Large Scale GAN
 * Training for High Fidelity Natural Image Synthesis", arXiv:1809.11096, §3 and appendix B): for normalized features
 * h `[batch, …, C]` and a gain g and bias b `[batch, C]` computed from the sample's conditioning vector,
 *
 *   out = h ⊙ (1 + g) + b,
 *
 * broadcast over the spatial axes. In BigGAN, g and b are linear maps (without bias, spectrally normalized) of the
 * shared class embedding concatenated with the block's chunk of z; the "1 +" makes zero maps the identity. Make g and
 * b with `Dense` layers (wrapped in {@link SpectralNormalization}) and follow a `batchNormalization()` with this layer
 * (its shared γ and β multiply into 1 + g and add to b; tfjs-layers 4.22 cannot train one built with
 * `center: false, scale: false`). It has no weights. {@link ClassConditionalAffine} is the special case of a
 * one-hot conditioning vector with one learned γ, β row per class.
 *
 * Inputs: `[h, gain, bias]`. Output: the shape of h.
 *
 * @example
 * ```ts
 * const normalized = tfl.layers.batchNormalization().apply(h) as tfl.SymbolicTensor;
 * const gain = new SpectralNormalization({ layer: tfl.layers.dense({ units: 64, useBias: false }) }).apply(condition);
 * const bias = new SpectralNormalization({ layer: tfl.layers.dense({ units: 64, useBias: false }) }).apply(condition);
 * const out = new AffineModulation().apply([normalized, gain, bias] as tfl.SymbolicTensor[]) as tfl.SymbolicTensor;
 * ```
 */
export class AffineModulation extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'AffineModulation';

  /** @param args - the usual layer arguments (`name`, …). */
  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const [h, gain, bias] = inputShape as tfl.Shape[];
    const channels = h?.[h.length - 1];
    const fits = (s: tfl.Shape | undefined) => s !== undefined && s.length === 2 && (s[1] === channels || s[1] === null);
    if (h === undefined || h.length < 2 || inputShape.length !== 3 || !fits(gain) || !fits(bias)) {
      throw new Error(`AffineModulation: inputs must be [features [batch, …, C], gain [batch, C], bias [batch, C]], but got shapes ${JSON.stringify(inputShape)}.`);
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return (inputShape as tfl.Shape[])[0]!;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const [h, gain, bias] = inputs as tf.Tensor[];
      return modulate(h!, tf.add(gain!, 1), bias!);
    });
  }
}
tf.serialization.registerClass(AffineModulation);
