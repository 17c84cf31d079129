import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  checkEqualizedArgs, equalizedConfig, equalizedInitializers, heConstant,
  type EqualizedLearningRate, type EqualizedLearningRateArgs,
} from './equalized_learning_rate.js';
import { checkCount } from './layer_checks.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link EqualizedDense}. */
export interface EqualizedDenseArgs extends LayerArgs, EqualizedLearningRateArgs {
  /** The number of output units; an integer ≥ 1. */
  units: number;
  /** Whether to add a bias. Default true. */
  useBias?: boolean;
}

/**
 * A fully connected layer with the **equalized learning rate** of progressive growing (Karras et al. 2018,
 * arXiv:1710.10196, §4.1): the kernel is stored with a trivial N(0, 1) initialisation and scaled at run time by He's
 * constant (He et al. 2015, arXiv:1502.01852),
 *
 *   y = x · (c · W) + λ · b,   c = g · λ / sqrt(fan_in),   fan_in = the input size,
 *
 * with gain g (default √2) and learning-rate multiplier λ (default 1). Adaptive optimizers (Adam, RMSProp) normalize
 * each update by the gradient's scale, so a weight's relative speed depends on its own scale; storing every weight at
 * scale 1 makes that speed the same for all layers. The output equals that of a Dense layer initialised by He's rule;
 * only the parametrisation, and so the training dynamics, differ.
 *
 * Input `[batch, …, fan_in]`, output `[batch, …, units]`. Weights: `kernel` `[fan_in, units]`, `bias` `[units]`.
 *
 * @example
 * ```ts
 * const fc = new EqualizedDense({ units: 128, gain: 1, lrMultiplier: 0.01 });   // a StyleGAN mapping layer
 * ```
 */
export class EqualizedDense extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'EqualizedDense';
  /** The number of output units. */
  readonly units: number;
  /** Whether a bias is added. */
  readonly useBias: boolean;
  private readonly equalized: EqualizedLearningRate;
  private kernel: tfl.LayerVariable | undefined;
  private bias: tfl.LayerVariable | undefined;

  /** @param args - see {@link EqualizedDenseArgs}. */
  constructor(args: EqualizedDenseArgs) {
    const units = checkCount(args?.units, 'EqualizedDense: args.units');
    const equalized = checkEqualizedArgs(args, 'EqualizedDense');
    super(args);
    this.units = units;
    this.useBias = args.useBias ?? true;
    this.equalized = equalized;
  }

  /** The factor c = g · λ / sqrt(fan_in) the stored kernel is multiplied by in every call (available once built). */
  get runtimeScale(): number {
    if (this.kernel === undefined) throw new Error(`EqualizedDense '${this.name}': the layer is not built yet; call it once first.`);
    return heConstant(this.kernel.shape[0]!, this.equalized);
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = inputShape as tfl.Shape;
    const fanIn = shape[shape.length - 1];
    if (typeof fanIn !== 'number') {
      throw new Error(`EqualizedDense: the input's last axis must have a known size, but the input shape is ${JSON.stringify(shape)}.`);
    }
    const init = equalizedInitializers(this.equalized);
    this.kernel = this.addWeight('kernel', [fanIn, this.units], 'float32', init.kernel);
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], 'float32', init.bias);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = inputShape as tfl.Shape;
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const kernel = tf.mul(this.kernel!.read(), this.runtimeScale) as tf.Tensor2D;
      const flat = tf.matMul(x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, kernel.shape[0]]), kernel);
      const y = this.bias === undefined ? flat : tf.add(flat, tf.mul(this.bias.read(), this.equalized.lrMultiplier));
      return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), this.units]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { units: this.units, useBias: this.useBias, ...equalizedConfig(this.equalized), ...super.getConfig() };
  }
}
tf.serialization.registerClass(EqualizedDense);
