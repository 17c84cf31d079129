import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkPositive } from './layer_checks.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link PixelNormalization}. */
export interface PixelNormalizationArgs extends LayerArgs {
  /** ε added to the mean square before the square root; a finite number > 0. Default 1e-8 (Karras et al. 2018). */
  epsilon?: number;
}

/**
 * Pixel-wise feature vector normalization of progressive growing (Karras, Aila, Laine, Lehtinen 2018, "Progressive
 * Growing of GANs for Improved Quality, Stability, and Variation", arXiv:1710.10196, §4.2): every feature vector
 * (the last axis) is scaled to unit root-mean-square,
 *
 *   b = a / sqrt(mean_j(a_j²) + ε),
 *
 * over the C channels of one pixel (rank-4 input `[batch, h, w, C]`) or of one vector (rank 2, `[batch, C]`: the
 * normalization of z in StyleGAN's mapping network). It has no weights; it keeps the generator's signal magnitudes
 * from escalating when G and D compete.
 */
export class PixelNormalization extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'PixelNormalization';
  /** ε inside the square root. */
  readonly epsilon: number;

  /** @param args - see {@link PixelNormalizationArgs}. */
  constructor(args: PixelNormalizationArgs = {}) {
    const epsilon = checkPositive(args?.epsilon, 'PixelNormalization: args.epsilon', 1e-8);
    super(args);
    this.epsilon = epsilon;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      return tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), this.epsilon)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { epsilon: this.epsilon, ...super.getConfig() };
  }
}
tf.serialization.registerClass(PixelNormalization);
