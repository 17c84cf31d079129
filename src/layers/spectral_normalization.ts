import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { spectralNormEstimate } from './power_iteration.js';

/** The constructor arguments every tfjs-layers layer accepts (`name`, `inputShape`, `trainable`, …). */
type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
/** The keyword arguments tfjs-layers passes to `Layer.call` (`training`, …). */
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** The tfjs-layers classes whose kernel {@link SpectralNormalization} knows how to normalize. */
const SUPPORTED_CLASSES = ['Dense', 'Conv2D', 'Conv2DTranspose'] as const;
type SupportedClass = (typeof SUPPORTED_CLASSES)[number];

/** Arguments of {@link SpectralNormalization}: the wrapped layer, the power-iteration settings and the usual layer arguments. */
export interface SpectralNormalizationArgs extends LayerArgs {
  /**
   * The layer whose kernel is normalized: a `tf.layers.dense`, `tf.layers.conv2d` or `tf.layers.conv2dTranspose`
   * that has not been built yet (its weights are created when the wrapper is built, so they are named after it
   * and survive save → load). An `inputShape` given to it is taken over by the wrapper.
   */
  layer: tfl.layers.Layer;
  /** Power-iteration steps per training call; an integer ≥ 1. Default 1, as in Miyato et al. 2018. */
  powerIterations?: number;
  /** Floor on the squared norm in each l2 normalization, x / sqrt(max(‖x‖², epsilon)); a finite number > 0. Default 1e-12. */
  epsilon?: number;
  /** Seed of the N(0, 1) initialiser of the power-iteration vector u; unseeded when omitted. */
  seed?: number;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function checkArgs(args: SpectralNormalizationArgs): SupportedClass {
  const { layer, powerIterations, epsilon, seed } = args;
  if (!(layer instanceof tfl.layers.Layer)) {
    throw new Error(`SpectralNormalization: args.layer must be a tfjs-layers Layer (Dense, Conv2D or Conv2DTranspose), but got ${describe(layer)}.`);
  }
  const className = layer.getClassName();
  if (!(SUPPORTED_CLASSES as readonly string[]).includes(className)) {
    throw new Error(
      `SpectralNormalization: args.layer is a ${className} ('${layer.name}'), but only ${SUPPORTED_CLASSES.join(', ')} layers are supported. ` +
        'Wrap the layer that owns the kernel you want to normalize.',
    );
  }
  if (layer.built) {
    throw new Error(
      `SpectralNormalization: args.layer '${layer.name}' is already built. Wrap a fresh layer: its weights are created when ` +
        'the wrapper is built so that they are named after the wrapper and load back after a save.',
    );
  }
  if (powerIterations !== undefined && !(Number.isInteger(powerIterations) && powerIterations >= 1)) {
    throw new Error(`SpectralNormalization: args.powerIterations must be an integer ≥ 1, but got ${describe(powerIterations)}.`);
  }
  if (epsilon !== undefined && !(Number.isFinite(epsilon) && epsilon > 0)) {
    throw new Error(`SpectralNormalization: args.epsilon must be a finite number > 0, but got ${describe(epsilon)}.`);
  }
  if (seed !== undefined && !Number.isFinite(seed)) {
    throw new Error(`SpectralNormalization: args.seed must be a finite number, but got ${describe(seed)}.`);
  }
  return className as SupportedClass;
}

function pair(value: unknown): [number, number] {
  return Array.isArray(value) ? [Number(value[0]), Number(value[1])] : [Number(value), Number(value)];
}

/** Output length of a transposed convolution along one axis, as tfjs-layers' Conv2DTranspose computes it. */
function deconvLength(size: number, stride: number, kernel: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? size * stride : size * stride + Math.max(kernel - stride, 0);
}

/**
 * Spectral normalization of a layer's kernel (Miyato, Kataoka, Koyama, Yoshida 2018, "Spectral Normalization for
 * Generative Adversarial Networks", arXiv:1802.05957): the wrapped layer computes its output with W / σ(W), where
 * σ(W) is the largest singular value of the kernel, so the layer is 1-Lipschitz in its linear part.
 *
 * The kernel is viewed as a matrix W of shape [m, n] with n the number of output channels:
 * - Dense, kernel [in, units]: W is the kernel itself;
 * - Conv2D, kernel [kh, kw, in, filters]: W = reshape(kernel, [kh·kw·in, filters]);
 * - Conv2DTranspose, kernel [kh, kw, filters, in] (its output channels are axis 2):
 *   W = reshape(transpose(kernel, [0, 1, 3, 2]), [kh·kw·in, filters]).
 *
 * σ is estimated by power iteration with a persistent vector u of shape [1, n], kept as a non-trainable weight
 * initialised N(0, 1). In training (`training: true`), each call runs `powerIterations` steps of
 * v = l2normalize(u Wᵀ), u = l2normalize(v W), stores the new u and takes σ = v W uᵀ. In inference the stored u is
 * used unchanged: with û = l2normalize(u), v = l2normalize(û Wᵀ) and σ = v W ûᵀ (= ‖û Wᵀ‖ ≤ the true σ). u and v carry no gradient (stop-gradient, as in the
 * paper), so gradients flow to the original kernel W through W / σ, and the wrapper supports gradients of gradients
 * wherever the wrapped layer's ops do.
 *
 * The wrapper owns the wrapped layer's weights (kernel, bias) and adds u; `getWeights()` lists them in that order.
 *
 * @example
 * ```ts
 * const d = tfl.sequential({ layers: [
 *   new SpectralNormalization({ layer: tfl.layers.conv2d({ filters: 64, kernelSize: 4, strides: 2, padding: 'same' }), inputShape: [28, 28, 1] }),
 *   tfl.layers.leakyReLU({ alpha: 0.2 }),
 *   tfl.layers.flatten(),
 *   new SpectralNormalization({ layer: tfl.layers.dense({ units: 1 }) }),
 * ] });
 * ```
 */
export class SpectralNormalization extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization` (and written in saved models). */
  static className = 'SpectralNormalization';

  /** The wrapped Dense, Conv2D or Conv2DTranspose layer. */
  readonly layer: tfl.layers.Layer;
  /** Power-iteration steps per training call. */
  readonly powerIterations: number;
  /** Floor on the squared norm in each l2 normalization. */
  readonly epsilon: number;
  /** Seed of u's initialiser, if one was given. */
  readonly seed: number | undefined;
  private readonly wrappedClass: SupportedClass;
  private readonly wrappedConfig: tf.serialization.ConfigDict;
  private readonly activationLayer: tfl.layers.Layer | undefined;
  private u: tfl.LayerVariable | undefined;

  /**
   * @param args - see {@link SpectralNormalizationArgs}.
   * @throws Error if `args.layer` is not an unbuilt Dense, Conv2D or Conv2DTranspose layer, or if `powerIterations`,
   *   `epsilon` or `seed` is out of range.
   */
  constructor(args: SpectralNormalizationArgs) {
    const wrappedClass = checkArgs(args);
    // An input shape given to the wrapped layer belongs to the wrapper, which is the layer a model sees.
    const inherited = args.inputShape === undefined && args.batchInputShape === undefined ? args.layer.batchInputShape : undefined;
    super(inherited === undefined ? args : { ...args, batchInputShape: inherited });
    this.layer = args.layer;
    this.wrappedClass = wrappedClass;
    this.powerIterations = args.powerIterations ?? 1;
    this.epsilon = args.epsilon ?? 1e-12;
    this.seed = args.seed;
    this.wrappedConfig = this.layer.getConfig();
    const activation = this.wrappedConfig['activation'];
    this.activationLayer =
      activation === 'linear' || activation === undefined
        ? undefined
        : tfl.layers.activation({ activation: activation as 'relu', name: `${this.name}_activation` });
  }

  /** Whether the wrapped layer's weights are trained; setting it sets the wrapped layer's flag. */
  override get trainable(): boolean {
    // The base constructor reads and writes `trainable` before `this.layer` is assigned.
    return this.layer === undefined ? super.trainable : this.layer.trainable;
  }

  /** Sets the wrapped layer's `trainable` flag. */
  override set trainable(value: boolean) {
    if (this.layer === undefined) super.trainable = value;
    else this.layer.trainable = value;
  }

  /** The wrapped layer's trainable weights (kernel, bias). */
  override get trainableWeights(): tfl.LayerVariable[] {
    return this.layer.trainableWeights;
  }

  /** The wrapped layer's non-trainable weights, then the power-iteration vector u. */
  override get nonTrainableWeights(): tfl.LayerVariable[] {
    return this.u === undefined ? this.layer.nonTrainableWeights : [...this.layer.nonTrainableWeights, this.u];
  }

  /** The wrapped layer's regularization losses (computed on the original kernel W). */
  override get losses(): tfl.layers.Layer['losses'] {
    return this.layer.losses;
  }

  override setFastWeightInitDuringBuild(value: boolean): void {
    super.setFastWeightInitDuringBuild(value);
    this.layer.setFastWeightInitDuringBuild(value);
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    this.layer.build(inputShape);
    this.layer.built = true;
    const outChannels = this.kernelVariable().shape[this.wrappedClass === 'Conv2DTranspose' ? 2 : this.kernelVariable().shape.length - 1];
    const initializer = tfl.initializers.randomNormal(this.seed === undefined ? { mean: 0, stddev: 1 } : { mean: 0, stddev: 1, seed: this.seed });
    this.u = this.addWeight('sn_u', [1, outChannels!], 'float32', initializer, undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return this.layer.computeOutputShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const kernel = this.kernelVariable().read();
      const normalized = tf.div(kernel, this.sigmaOf(kernel, kwargs['training'] === true));
      const bias = this.layer.weights.find((w) => this.isWeight(w, 'bias'));
      const linear = this.linearOp(x, normalized, bias?.read());
      return this.activationLayer === undefined ? linear : (this.activationLayer.apply(linear) as tf.Tensor);
    });
  }

  /**
   * The current estimate of the kernel's largest singular value, σ = ‖u Wᵀ‖ from the stored u (the value inference
   * divides by). Does not update u.
   *
   * @returns a scalar; the caller disposes it.
   */
  spectralNorm(): tf.Scalar {
    return tf.tidy(() => this.sigmaOf(this.kernelVariable().read(), false));
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      layer: { className: this.layer.getClassName(), config: this.layer.getConfig() },
      powerIterations: this.powerIterations,
      epsilon: this.epsilon,
    };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return { ...config, ...super.getConfig() };
  }

  /** Rebuilds the wrapper, and the wrapped layer nested in `config.layer`, from {@link SpectralNormalization.getConfig}'s output. */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { layer, customObjects: _customObjects, ...rest } = config;
    const nested = layer as { className: string; config: tf.serialization.ConfigDict };
    const entry = tf.serialization.SerializationMap.getMap().classNameMap[nested.className];
    if (entry === undefined) {
      throw new Error(`SpectralNormalization.fromConfig: the wrapped layer's class '${nested.className}' is not registered with tfjs-layers.`);
    }
    const [layerClass, layerFromConfig] = entry;
    return new cls({ ...rest, layer: layerFromConfig(layerClass, nested.config) });
  }

  private isWeight(weight: tfl.LayerVariable, name: string): boolean {
    return weight.originalName === name || weight.originalName.endsWith(`/${name}`);
  }

  private kernelVariable(): tfl.LayerVariable {
    const kernel = this.layer.weights.find((w) => this.isWeight(w, 'kernel'));
    if (kernel === undefined) {
      throw new Error(`SpectralNormalization: the wrapped layer '${this.layer.name}' has no kernel yet; build the wrapper before calling it.`);
    }
    return kernel;
  }

  /** The kernel as the matrix W of shape [m, outChannels] (see the class documentation). */
  private kernelMatrix(kernel: tf.Tensor): tf.Tensor2D {
    const oriented = this.wrappedClass === 'Conv2DTranspose' ? tf.transpose(kernel, [0, 1, 3, 2]) : kernel;
    return tf.reshape(oriented, [-1, oriented.shape[oriented.rank - 1]!]);
  }

  /** σ of the kernel by power iteration (`spectralNormEstimate`), storing the new u in training. */
  private sigmaOf(kernel: tf.Tensor, training: boolean): tf.Scalar {
    return spectralNormEstimate(this.kernelMatrix(kernel), this.u!, { powerIterations: this.powerIterations, epsilon: this.epsilon, training });
  }

  /** The wrapped layer's affine map with `kernel` in place of its own kernel: Dense, Conv2D or Conv2DTranspose, plus bias. */
  private linearOp(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | undefined): tf.Tensor {
    const config = this.wrappedConfig;
    if (this.wrappedClass === 'Dense') {
      const units = kernel.shape[1]!;
      const flat = tf.matMul(tf.reshape(x, [-1, kernel.shape[0]!]), kernel);
      const y = bias === undefined ? flat : tf.add(flat, bias);
      return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), units]);
    }
    const channelsFirst = config['dataFormat'] === 'channelsFirst';
    const input = (channelsFirst ? tf.transpose(x, [0, 2, 3, 1]) : x) as tf.Tensor4D;
    const strides = pair(config['strides']);
    const padding = config['padding'] as 'same' | 'valid';
    let y: tf.Tensor4D;
    if (this.wrappedClass === 'Conv2D') {
      y = tf.conv2d(input, kernel as tf.Tensor4D, strides, padding, 'NHWC', pair(config['dilationRate'] ?? 1));
    } else {
      const [kh, kw] = pair(config['kernelSize']);
      const [batch, height, width] = input.shape;
      const outputShape: [number, number, number, number] = [
        batch,
        deconvLength(height, strides[0], kh, padding),
        deconvLength(width, strides[1], kw, padding),
        kernel.shape[2]!,
      ];
      y = tf.conv2dTranspose(input, kernel as tf.Tensor4D, outputShape, strides, padding);
    }
    const biased = bias === undefined ? y : tf.add(y, bias);
    return channelsFirst ? tf.transpose(biased, [0, 3, 1, 2]) : biased;
  }
}

tf.serialization.registerClass(SpectralNormalization);
