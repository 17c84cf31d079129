import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkPositive } from './layer_checks.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link ScaledLeakyReLU}. */
export interface ScaledLeakyReLUArgs extends LayerArgs {
  /** The negative slope α; a number ≥ 0. Default 0.2. */
  alpha?: number;
  /** The gain g the activation is multiplied by; a finite number > 0. Default √2. */
  gain?: number;
}

/**
 * A leaky ReLU followed by a constant gain, y = g · max(x, α·x), StyleGAN2's activation (Karras et al. 2020,
 * "Analyzing and Improving the Image Quality of StyleGAN", arXiv:1912.04958): with equalized layers of gain 1 before it,
 * g = √2 keeps unit-variance activations at unit variance (He et al. 2015). In a residual block the branch gains √0.5
 * fold into g (√2 · √0.5 = 1) so that the sum of two branches keeps the variance.
 */
export class ScaledLeakyReLU extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'ScaledLeakyReLU';
  /** The negative slope α. */
  readonly alpha: number;
  /** The gain g. */
  readonly gain: number;

  /** @param args - see {@link ScaledLeakyReLUArgs}. */
  constructor(args: ScaledLeakyReLUArgs = {}) {
    const alpha = args?.alpha ?? 0.2;
    if (typeof alpha !== 'number' || !(alpha >= 0) || !Number.isFinite(alpha)) {
      throw new Error(`ScaledLeakyReLU: args.alpha must be a finite number ≥ 0, but got ${String(alpha)}.`);
    }
    const gain = checkPositive(args.gain, 'ScaledLeakyReLU: args.gain', Math.SQRT2);
    super(args);
    this.alpha = alpha;
    this.gain = gain;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const y = tf.leakyRelu(x, this.alpha);
      return this.gain === 1 ? y : tf.mul(y, this.gain);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { alpha: this.alpha, gain: this.gain, ...super.getConfig() };
  }
}
tf.serialization.registerClass(ScaledLeakyReLU);
