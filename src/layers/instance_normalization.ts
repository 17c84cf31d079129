import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link InstanceNormalization}. */
export interface InstanceNormalizationArgs extends LayerArgs {
  /** ε added to the variance before the square root; a finite number > 0. Default 1e-5 (PyTorch's `InstanceNorm2d`). */
  epsilon?: number;
  /**
   * Whether to learn a per-channel scale γ (initialised to 1) and offset β (initialised to 0) after normalizing.
   * Default false, as in the paper and in the CycleGAN and pix2pix reference code.
   */
  affine?: boolean;
}

/** How deep TensorFlow.js is in nested gradient recordings: 0 outside any, 1 inside one (`variableGrads`), 2 inside a gradient inside another (R1). */
function gradientDepth(): number {
  return (tf.engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth;
}

/**
 * x̂ = (x − μ) / √(σ² + ε) over the spatial axes of each sample and channel. Under at most one gradient recording its
 * gradient is written out: for an upstream gradient g, ∂/∂x = (g − mean(g) − x̂·mean(g·x̂)) / √(σ² + ε) (means over
 * the same axes), half the kernels of the gradient tfjs derives from the forward ops. A written-out gradient is a
 * dead end for a gradient of the gradient (`tf.customGrad` does not record how x̂ and σ depend on x), so inside nested
 * recordings (a gradient penalty through the layer) the forward ops are recorded as they are, and every order is exact.
 */
function normalizeInstances(x: tf.Tensor, epsilon: number): tf.Tensor {
  const axes = Array.from({ length: x.rank - 2 }, (_, i) => i + 1);
  if (gradientDepth() > 1) {
    const centred = tf.sub(x, tf.mean(x, axes, true));
    return tf.mul(centred, tf.rsqrt(tf.add(tf.mean(tf.square(centred), axes, true), epsilon)));
  }
  const normalize = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const centred = tf.sub(input, tf.mean(input, axes, true));
    const inverseStd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), axes, true), epsilon));
    const value = tf.mul(centred, inverseStd);
    save([value, inverseStd]);
    const gradFunc = (dy: tf.Tensor, [y, r]: tf.Tensor[]) =>
      tf.mul(r!, tf.sub(tf.sub(dy, tf.mean(dy, axes, true)), tf.mul(y!, tf.mean(tf.mul(dy, y!), axes, true))));
    return { value, gradFunc };
  });
  return normalize(x);
}

/**
 * Instance normalization (Ulyanov, Vedaldi & Lempitsky 2016, "Instance Normalization: The Missing Ingredient for
 * Fast Stylization", arXiv:1607.08022): every channel of every sample is normalized over its own spatial positions,
 *
 *   y[n, …, c] = (x[n, …, c] − μ[n, c]) / √(σ²[n, c] + ε)   (· γ[c] + β[c] with `affine`),
 *
 * where μ[n, c] and σ²[n, c] are the mean and the biased variance of x[n, :, :, c] over the spatial axes (every axis
 * but the first and the last). Unlike batch normalization nothing depends on the other samples of the batch and
 * there are no moving statistics: training and inference compute the same function. The normalization of the
 * CycleGAN networks (arXiv:1703.10593); pix2pix (arXiv:1611.07004) calls its batch normalization at batch size 1
 * with test-time statistics instance normalization too.
 *
 * Channels-last inputs of rank ≥ 3 (`[batch, width, channels]`, `[batch, height, width, channels]`, …). A channel
 * that is constant over the image becomes 0 (then β with `affine`).
 *
 * @example
 * ```ts
 * const block = tfl.sequential({ layers: [
 *   tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', useBias: false, inputShape: [16, 16, 3] }),
 *   new InstanceNormalization(),
 *   tfl.layers.reLU(),
 * ] });
 * ```
 */
export class InstanceNormalization extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'InstanceNormalization';
  /** ε added to the variance. */
  readonly epsilon: number;
  /** Whether γ and β are learned. */
  readonly affine: boolean;
  private gamma: tfl.LayerVariable | undefined;
  private beta: tfl.LayerVariable | undefined;

  /** @param args - see {@link InstanceNormalizationArgs}. */
  constructor(args: InstanceNormalizationArgs = {}) {
    const { epsilon = 1e-5, affine = false } = args;
    if (typeof epsilon !== 'number' || !(Number.isFinite(epsilon) && epsilon > 0)) {
      throw new Error(`InstanceNormalization: args.epsilon must be a finite number > 0, but got ${String(epsilon)}.`);
    }
    if (typeof affine !== 'boolean') throw new Error(`InstanceNormalization: args.affine must be true or false, but got ${String(affine)}.`);
    super(args);
    this.epsilon = epsilon;
    this.affine = affine;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = inputShape as tfl.Shape;
    const channels = shape[shape.length - 1];
    if (shape.length < 3 || typeof channels !== 'number') {
      throw new Error(
        `InstanceNormalization '${this.name}': the input must be [batch, …spatial, channels] with at least one spatial axis ` +
          `and a known number of channels, but got shape ${JSON.stringify(shape)}.`,
      );
    }
    if (this.affine) {
      this.gamma = this.addWeight('gamma', [channels], 'float32', tfl.initializers.ones());
      this.beta = this.addWeight('beta', [channels], 'float32', tfl.initializers.zeros());
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return inputShape as tfl.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const normalized = normalizeInstances(x, this.epsilon);
      return this.gamma === undefined || this.beta === undefined
        ? normalized
        : tf.add(tf.mul(normalized, this.gamma.read()), this.beta.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { epsilon: this.epsilon, affine: this.affine, ...super.getConfig() };
  }
}
tf.serialization.registerClass(InstanceNormalization);
