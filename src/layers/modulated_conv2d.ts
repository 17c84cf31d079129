import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkCount, checkImageShape, checkOptionalSeed, checkPositive } from './layer_checks.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link ModulatedConv2D}. */
export interface ModulatedConv2DArgs extends LayerArgs {
  /** The number of output channels; an integer ≥ 1. */
  filters: number;
  /** The side k of the square kernel; an odd integer ≥ 1 (stride 1, 'same' zero padding). */
  kernelSize: number;
  /** Whether to demodulate (normalize each sample's weights per output channel). Default true; false for toRGB. */
  demodulate?: boolean;
  /** Whether to add a bias after the convolution. Default true. */
  useBias?: boolean;
  /**
   * When the style input is `[batch, numWs, wDim]` (one w per layer, as with style mixing), the index of the w this
   * layer reads; an integer ≥ 0. Not used with a `[batch, wDim]` style input.
   */
  styleIndex?: number;
  /** ε added to the squared norm before the reciprocal square root; a finite number > 0. Default 1e-8. */
  epsilon?: number;
  /** Seed of the N(0, 1) initialisers of the kernel and of the affine layer; unseeded when omitted. */
  seed?: number;
}

/** The per-sample styles and, when demodulating, the demodulation coefficients of one call. */
interface Modulation {
  /** s `[batch, C_in]`. */
  readonly styles: tf.Tensor2D;
  /** c · W `[k, k, C_in, filters]`, the kernel at its run-time scale. */
  readonly kernel: tf.Tensor4D;
  /** d `[batch, filters]`, or undefined without demodulation. */
  readonly demodulation: tf.Tensor2D | undefined;
}

/**
 * StyleGAN2's modulated convolution with weight demodulation (Karras, Laine, Aittala, Hellsten, Lehtinen, Aila 2020,
 * "Analyzing and Improving the Image Quality of StyleGAN", arXiv:1912.04958, §2.2 and Figure 2). Inputs
 * `[x, w]`: images x `[batch, h, w, C_in]` and the intermediate latent w `[batch, wDim]` (or `[batch, numWs, wDim]` with
 * {@link ModulatedConv2DArgs.styleIndex}). For each sample n:
 *
 * - style: s_n = A · w_n / sqrt(wDim) + b_A, a learned affine map (equalized learning rate, b_A initialised to 1);
 * - modulation: w'_{n,k,i,o} = c · W_{k,i,o} · s_{n,i}, with c = 1 / sqrt(k² · C_in) (equalized learning rate);
 * - demodulation: w''_{n,k,i,o} = w'_{n,k,i,o} / sqrt(Σ_{k,i} w'_{n,k,i,o}² + ε), so every output channel's weights
 *   have unit norm for every sample and the output has unit variance for unit-variance inputs;
 * - output: y_n = conv(x_n, w''_n) + b.
 *
 * Computed without per-sample kernels: conv(x_n, w''_n) = d_n ⊙ conv(s_n ⊙ x_n, c · W) with
 * d_{n,o} = 1 / sqrt(Σ_i s_{n,i}² · Σ_k (c · W_{k,i,o})² + ε), one ordinary batched convolution (the "non-fused" form
 * StyleGAN2 trains with); docs/performance.md compares it with per-sample kernels on wasm and cpu.
 * {@link ModulatedConv2D.modulatedWeights} returns the per-sample kernels w'' for inspection.
 *
 * With `demodulate: false` and k = 1 this is StyleGAN2's toRGB layer.
 *
 * Weights: `kernel` `[k, k, C_in, filters]` N(0, 1), `affine_kernel` `[wDim, C_in]` N(0, 1), `affine_bias` `[C_in]`
 * ones, `bias` `[filters]` zeros.
 */
export class ModulatedConv2D extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'ModulatedConv2D';
  /** The number of output channels. */
  readonly filters: number;
  /** The kernel side k. */
  readonly kernelSize: number;
  /** Whether the weights are demodulated. */
  readonly demodulate: boolean;
  /** Whether a bias is added. */
  readonly useBias: boolean;
  /** The index of this layer's w in a `[batch, numWs, wDim]` style input. */
  readonly styleIndex: number | undefined;
  /** ε added to the squared norms. */
  readonly epsilon: number;
  private readonly seed: number | undefined;
  private kernel: tfl.LayerVariable | undefined;
  private affineKernel: tfl.LayerVariable | undefined;
  private affineBias: tfl.LayerVariable | undefined;
  private bias: tfl.LayerVariable | undefined;

  /** @param args - see {@link ModulatedConv2DArgs}. */
  constructor(args: ModulatedConv2DArgs) {
    const filters = checkCount(args?.filters, 'ModulatedConv2D: args.filters');
    const kernelSize = checkCount(args.kernelSize, 'ModulatedConv2D: args.kernelSize');
    if (kernelSize % 2 !== 1) throw new Error(`ModulatedConv2D: args.kernelSize must be odd (the output keeps the input's size), but got ${kernelSize}.`);
    if (args.styleIndex !== undefined && !(Number.isInteger(args.styleIndex) && args.styleIndex >= 0)) {
      throw new Error(`ModulatedConv2D: args.styleIndex must be an integer ≥ 0, but got ${String(args.styleIndex)}.`);
    }
    const epsilon = checkPositive(args.epsilon, 'ModulatedConv2D: args.epsilon', 1e-8);
    const seed = checkOptionalSeed(args.seed, 'ModulatedConv2D: args.seed');
    super(args);
    this.filters = filters;
    this.kernelSize = kernelSize;
    this.demodulate = args.demodulate ?? true;
    this.useBias = args.useBias ?? true;
    this.styleIndex = args.styleIndex;
    this.epsilon = epsilon;
    this.seed = seed;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const [imageShape, styleShape] = Array.isArray(inputShape[0]) ? (inputShape as tfl.Shape[]) : [];
    if (imageShape === undefined || styleShape === undefined || inputShape.length !== 2) {
      throw new Error(`ModulatedConv2D: the inputs must be [images [batch, h, w, C_in], w [batch, wDim]], but got shapes ${JSON.stringify(inputShape)}.`);
    }
    const [, , channels] = checkImageShape(imageShape, 'ModulatedConv2D');
    const wDim = styleShape[styleShape.length - 1];
    if (typeof wDim !== 'number' || !(styleShape.length === 2 || styleShape.length === 3)) {
      throw new Error(`ModulatedConv2D: the style input must be [batch, wDim] or [batch, numWs, wDim], but has shape ${JSON.stringify(styleShape)}.`);
    }
    if (styleShape.length === 3) {
      const numWs = styleShape[1];
      if (this.styleIndex === undefined || (typeof numWs === 'number' && this.styleIndex >= numWs)) {
        throw new Error(
          `ModulatedConv2D '${this.name}': a style input [batch, ${String(numWs)}, ${wDim}] needs args.styleIndex in [0, ${String(numWs)}), ` +
            `but got ${String(this.styleIndex)}.`,
        );
      }
    }
    const normal = (offset: number) => tfl.initializers.randomNormal(this.seed === undefined ? { mean: 0, stddev: 1 } : { mean: 0, stddev: 1, seed: this.seed + offset });
    this.kernel = this.addWeight('kernel', [this.kernelSize, this.kernelSize, channels, this.filters], 'float32', normal(0));
    this.affineKernel = this.addWeight('affine_kernel', [wDim, channels], 'float32', normal(1));
    this.affineBias = this.addWeight('affine_bias', [channels], 'float32', tfl.initializers.ones());
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [batch = null, h = null, w = null] = (inputShape as tfl.Shape[])[0]!;
    return [batch, h, w, this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const [x, styleInput] = inputs as [tf.Tensor4D, tf.Tensor];
      const { styles, kernel, demodulation } = this.modulation(styleInput);
      const [n, channels] = styles.shape;
      const modulated = tf.mul(x, tf.reshape(styles, [n, 1, 1, channels]));
      let y: tf.Tensor = tf.conv2d(modulated as tf.Tensor4D, kernel, 1, 'same');
      if (demodulation !== undefined) y = tf.mul(y, tf.reshape(demodulation, [n, 1, 1, this.filters]));
      return this.bias === undefined ? y : tf.add(y, this.bias.read());
    });
  }

  /**
   * The per-sample kernels w''_n `[batch, k, k, C_in, filters]` the layer convolves each sample with (modulated, and
   * demodulated if the layer demodulates), for the style input `w` of a call (`[batch, wDim]` or `[batch, numWs, wDim]`).
   * The caller disposes the result.
   */
  modulatedWeights(w: tf.Tensor): tf.Tensor {
    this.checkBuilt('modulatedWeights');
    return tf.tidy(() => {
      const { styles, kernel, demodulation } = this.modulation(w);
      const [n, channels] = styles.shape;
      const k = this.kernelSize;
      const modulated = tf.mul(tf.reshape(kernel, [1, k, k, channels, this.filters]), tf.reshape(styles, [n, 1, 1, channels, 1]));
      return demodulation === undefined ? modulated : tf.mul(modulated, tf.reshape(demodulation, [n, 1, 1, 1, this.filters]));
    });
  }

  /** The styles s `[batch, C_in]` of a style input (see {@link ModulatedConv2D.modulatedWeights}). The caller disposes them. */
  styles(w: tf.Tensor): tf.Tensor2D {
    this.checkBuilt('styles');
    return tf.tidy(() => this.modulation(w).styles);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      filters: this.filters, kernelSize: this.kernelSize, demodulate: this.demodulate, useBias: this.useBias, epsilon: this.epsilon,
    };
    if (this.styleIndex !== undefined) config['styleIndex'] = this.styleIndex;
    if (this.seed !== undefined) config['seed'] = this.seed;
    return { ...config, ...super.getConfig() };
  }

  private checkBuilt(method: string): void {
    if (!this.built) throw new Error(`ModulatedConv2D '${this.name}'.${method}: the layer is not built yet; call it once first.`);
  }

  private modulation(styleInput: tf.Tensor): Modulation {
    const w = styleInput.rank === 3
      ? tf.reshape(tf.slice(styleInput, [0, this.styleIndex!, 0], [-1, 1, -1]), [styleInput.shape[0]!, styleInput.shape[2]!])
      : (styleInput as tf.Tensor2D);
    const affine = this.affineKernel!.read() as tf.Tensor2D;
    const styles = tf.add(tf.matMul(w as tf.Tensor2D, tf.mul(affine, 1 / Math.sqrt(affine.shape[0]))), this.affineBias!.read()) as tf.Tensor2D;
    const [k, , channels] = this.kernel!.shape as number[];
    const kernel = tf.mul(this.kernel!.read(), 1 / Math.sqrt(k! * k! * channels!)) as tf.Tensor4D;
    if (!this.demodulate) return { styles, kernel, demodulation: undefined };
    // Σ_{k,i} (c·W_{k,i,o} · s_{n,i})² = Σ_i s_{n,i}² · Σ_k (c·W_{k,i,o})²: a [batch, C_in] × [C_in, filters] product.
    const kernelSquares = tf.reshape(tf.sum(tf.square(kernel), [0, 1]), [channels!, this.filters]) as tf.Tensor2D;
    const demodulation = tf.rsqrt(tf.add(tf.matMul(tf.square(styles), kernelSquares), this.epsilon)) as tf.Tensor2D;
    return { styles, kernel, demodulation };
  }
}
tf.serialization.registerClass(ModulatedConv2D);
