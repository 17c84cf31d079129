import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkUnitInterval } from './layer_checks.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link FadeIn}. */
export interface FadeInArgs extends LayerArgs {
  /** The initial blend weight α of the new (high-resolution) path; a number in [0, 1]. Default 0 (start of a fade-in). */
  alpha?: number;
}

/**
 * The fade-in of progressive growing (Karras et al. 2018, arXiv:1710.10196, §2 and Figure 2): while a new
 * resolution is faded in, the output is a blend of the old path and the new one,
 *
 *   out = α · high + (1 − α) · low,
 *
 * with α rising from 0 to 1 during the transition. Inputs `[low, high]` of the same shape: in a generator, low is the
 * previous resolution's toRGB output up-sampled and high the new block's toRGB output; in a discriminator, low is
 * the previous resolution's fromRGB of the down-sampled image and high the new block's output. At α = 0 the network
 * computes exactly what the smaller one did; at α = 1 only the new path counts.
 *
 * α is a non-trainable weight, so it is saved with the model, copied by {@link GeneratorEma}, and set between steps
 * with `layer.alpha = …` (a plain JavaScript number, no tensor to dispose).
 */
export class FadeIn extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'FadeIn';
  private readonly initialAlpha: number;
  private alphaWeight: tfl.LayerVariable | undefined;
  private pendingAlpha: number;

  /** @param args - see {@link FadeInArgs}. */
  constructor(args: FadeInArgs = {}) {
    const alpha = checkUnitInterval(args?.alpha, 'FadeIn: args.alpha', 0);
    super(args);
    this.initialAlpha = alpha;
    this.pendingAlpha = alpha;
  }

  /** The blend weight α of the high-resolution input, in [0, 1]. */
  get alpha(): number {
    return this.alphaWeight === undefined ? this.pendingAlpha : this.alphaWeight.read().dataSync()[0]!;
  }

  /** Sets α (a number in [0, 1]) for the following calls. */
  set alpha(value: number) {
    const alpha = checkUnitInterval(value, `FadeIn '${this.name}': alpha`, 0);
    this.pendingAlpha = alpha;
    if (this.alphaWeight !== undefined) tf.tidy(() => {
      this.alphaWeight!.write(tf.scalar(alpha));
    });
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shapes = inputShape as tfl.Shape[];
    if (!Array.isArray(shapes[0]) || shapes.length !== 2 || JSON.stringify(shapes[0]) !== JSON.stringify(shapes[1])) {
      throw new Error(`FadeIn: the inputs must be [low, high] of the same shape, but got shapes ${JSON.stringify(inputShape)}.`);
    }
    this.alphaWeight = this.addWeight('alpha', [], 'float32', tfl.initializers.constant({ value: this.pendingAlpha }), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return (inputShape as tfl.Shape[])[0]!;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const [low, high] = inputs as tf.Tensor[];
      // α·high + (1 − α)·low rather than low + α·(high − low): exactly low at α = 0 and exactly high at α = 1.
      const alpha = this.alphaWeight!.read();
      return tf.add(tf.mul(alpha, high!), tf.mul(tf.sub(1, alpha), low!));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { alpha: this.initialAlpha, ...super.getConfig() };
  }
}
tf.serialization.registerClass(FadeIn);
