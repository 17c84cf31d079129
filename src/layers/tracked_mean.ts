import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkUnitInterval } from './layer_checks.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link TrackedMean}. */
export interface TrackedMeanArgs extends LayerArgs {
  /** β, the weight of the old mean in each update; a number in [0, 1]. Default 0.995 (StyleGAN2). */
  beta?: number;
}

/**
 * An identity layer that tracks the moving mean of its input: StyleGAN's w̄, the centre of the truncation trick in W
 * (Karras et al. 2019, arXiv:1812.04948, §B; StyleGAN2, arXiv:1912.04958). In every call with `training: true`,
 *
 *   w̄ ← β · w̄ + (1 − β) · mean over the batch of w,
 *
 * computed without gradient; inference calls leave w̄ unchanged. The output is the input, unchanged. w̄ `[D]` starts
 * at 0 and is a non-trainable weight (`mean`), so it is saved with the model and copied by {@link GeneratorEma}.
 */
export class TrackedMean extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'TrackedMean';
  /** β, the decay of the moving mean. */
  readonly beta: number;
  private average: tfl.LayerVariable | undefined;

  /** @param args - see {@link TrackedMeanArgs}. */
  constructor(args: TrackedMeanArgs = {}) {
    const beta = checkUnitInterval(args?.beta, 'TrackedMean: args.beta', 0.995);
    super(args);
    this.beta = beta;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = inputShape as tfl.Shape;
    const size = shape[shape.length - 1];
    if (shape.length !== 2 || typeof size !== 'number') {
      throw new Error(`TrackedMean: the input must be [batch, D] with a known D, but has shape ${JSON.stringify(inputShape)}.`);
    }
    this.average = this.addWeight('mean', [size], 'float32', tfl.initializers.zeros(), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (kwargs['training'] === true) {
        // The new mean reaches no output, so no gradient flows through the update.
        this.average!.write(tf.add(tf.mul(this.average!.read(), this.beta), tf.mul(tf.mean(x, 0), 1 - this.beta)));
      }
      return tf.clone(x);
    });
  }

  /** w̄ `[D]`, the current moving mean (a copy the caller disposes). */
  mean(): tf.Tensor1D {
    if (this.average === undefined) throw new Error(`TrackedMean '${this.name}': the layer is not built yet; call it once first.`);
    return tf.clone(this.average.read()) as tf.Tensor1D;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { beta: this.beta, ...super.getConfig() };
  }
}
tf.serialization.registerClass(TrackedMean);
