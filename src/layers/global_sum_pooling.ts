import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/**
 * The sum of feature maps over their spatial positions: `[batch, H, W, C]` → `[batch, C]`, out_c = Σ_y Σ_x h_yxc.
 * The discriminators of SN-GAN's ResNet (Miyato et al. 2018, arXiv:1802.05957), the projection discriminator
 * (arXiv:1802.05637) and BigGAN (arXiv:1809.11096) pool this way before their output layer; unlike an average, the
 * sum lets a spectrally normalized output layer grow its logits with the evidence of every position. No weights.
 */
export class GlobalSumPooling2D extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'GlobalSumPooling2D';

  /** @param args - the usual layer arguments (`name`, …). */
  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    if ((inputShape as tfl.Shape).length !== 4) {
      throw new Error(`GlobalSumPooling2D: the input must be feature maps [batch, height, width, channels], but has shape ${JSON.stringify(inputShape)}.`);
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = inputShape as tfl.Shape;
    return [shape[0] ?? null, shape[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => tf.sum(Array.isArray(inputs) ? inputs[0]! : inputs, [1, 2]));
  }
}
tf.serialization.registerClass(GlobalSumPooling2D);
