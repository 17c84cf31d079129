import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  checkEqualizedArgs, equalizedConfig, equalizedInitializers, heConstant,
  type EqualizedLearningRate, type EqualizedLearningRateArgs,
} from './equalized_learning_rate.js';
import { checkCount, checkImageShape } from './layer_checks.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link EqualizedConv2D}. */
export interface EqualizedConv2DArgs extends LayerArgs, EqualizedLearningRateArgs {
  /** The number of output channels; an integer ≥ 1. */
  filters: number;
  /** The side k of the square kernel; an odd integer ≥ 1 (the convolution keeps the image size: stride 1, 'same' padding). */
  kernelSize: number;
  /** Whether to add a bias. Default true. */
  useBias?: boolean;
}

/**
 * A 2-D convolution (stride 1, 'same' zero padding, NHWC) with the **equalized learning rate** of progressive growing
 * (Karras et al. 2018, arXiv:1710.10196, §4.1): the kernel W `[k, k, C_in, filters]` is stored N(0, 1) and scaled at
 * run time by He's constant,
 *
 *   y = conv(x, c · W) + λ · b,   c = g · λ / sqrt(k² · C_in),
 *
 * with gain g (default √2) and learning-rate multiplier λ (default 1); see {@link EqualizedDense} for why.
 *
 * @example
 * ```ts
 * const conv = new EqualizedConv2D({ filters: 64, kernelSize: 3 });           // ProGAN's 3×3 convolutions
 * const toRgb = new EqualizedConv2D({ filters: 3, kernelSize: 1, gain: 1 });  // its linear toRGB
 * ```
 */
export class EqualizedConv2D extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'EqualizedConv2D';
  /** The number of output channels. */
  readonly filters: number;
  /** The kernel side k. */
  readonly kernelSize: number;
  /** Whether a bias is added. */
  readonly useBias: boolean;
  private readonly equalized: EqualizedLearningRate;
  private kernel: tfl.LayerVariable | undefined;
  private bias: tfl.LayerVariable | undefined;

  /** @param args - see {@link EqualizedConv2DArgs}. */
  constructor(args: EqualizedConv2DArgs) {
    const filters = checkCount(args?.filters, 'EqualizedConv2D: args.filters');
    const kernelSize = checkCount(args.kernelSize, 'EqualizedConv2D: args.kernelSize');
    if (kernelSize % 2 !== 1) throw new Error(`EqualizedConv2D: args.kernelSize must be odd (the output keeps the input's size), but got ${kernelSize}.`);
    const equalized = checkEqualizedArgs(args, 'EqualizedConv2D');
    super(args);
    this.filters = filters;
    this.kernelSize = kernelSize;
    this.useBias = args.useBias ?? true;
    this.equalized = equalized;
  }

  /** The factor c = g · λ / sqrt(k² · C_in) the stored kernel is multiplied by in every call (available once built). */
  get runtimeScale(): number {
    if (this.kernel === undefined) throw new Error(`EqualizedConv2D '${this.name}': the layer is not built yet; call it once first.`);
    const [kh, kw, cin] = this.kernel.shape as number[];
    return heConstant(kh! * kw! * cin!, this.equalized);
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const [, , channels] = checkImageShape(inputShape, 'EqualizedConv2D');
    const init = equalizedInitializers(this.equalized);
    this.kernel = this.addWeight('kernel', [this.kernelSize, this.kernelSize, channels, this.filters], 'float32', init.kernel);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', init.bias);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = inputShape as tfl.Shape;
    return [shape[0] ?? null, shape[1] ?? null, shape[2] ?? null, this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      const kernel = tf.mul(this.kernel!.read(), this.runtimeScale) as tf.Tensor4D;
      const y = tf.conv2d(x, kernel, 1, 'same');
      return this.bias === undefined ? y : tf.add(y, tf.mul(this.bias.read(), this.equalized.lrMultiplier));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { filters: this.filters, kernelSize: this.kernelSize, useBias: this.useBias, ...equalizedConfig(this.equalized), ...super.getConfig() };
  }
}
tf.serialization.registerClass(EqualizedConv2D);
