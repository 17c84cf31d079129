import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { spectralNormEstimate } from './power_iteration.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link SelfAttention}. */
export interface SelfAttentionArgs extends LayerArgs {
  /** C̄, the channels of the query and key maps f and g; an integer ≥ 1. Default max(1, ⌊C/8⌋) (the paper's k = 8). */
  attentionChannels?: number;
  /** The channels of the value map h; an integer ≥ 1. Default max(1, ⌊C/2⌋), as in BigGAN. */
  valueChannels?: number;
  /**
   * Whether the four 1×1 convolutions are spectrally normalized (Miyato et al. 2018, arXiv:1802.05957), as SAGAN and
   * BigGAN do in both networks: each kernel W is used as W / σ(W), with σ estimated by power iteration exactly as
   * {@link SpectralNormalization} does (one persistent vector u per kernel, updated in training calls). Default false.
   */
  spectralNormalization?: boolean;
  /** Power-iteration steps per training call when spectrally normalized; an integer ≥ 1. Default 1. */
  powerIterations?: number;
  /** Seed of the Glorot-uniform kernel initialisers and of the N(0, 1) power-iteration vectors; unseeded when omitted. */
  seed?: number;
}

const KERNELS = ['f', 'g', 'h', 'v'] as const;
type KernelName = (typeof KERNELS)[number];
const EPSILON = 1e-12;

function checkOptionalInteger(value: unknown, name: string): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= 1)) {
    throw new Error(`SelfAttention: args.${name} must be an integer ≥ 1, but got ${String(value)}.`);
  }
}

/**
 * The self-attention block of SAGAN (Zhang, Goodfellow, Metaxas, Odena 2018, "Self-Attention Generative Adversarial
 * Networks", arXiv:1805.08318, §3), for feature maps x `[batch, H, W, C]` with N = H·W positions:
 *
 * - f(x) = x W_f, g(x) = x W_g `[N, C̄]` and h(x) = x W_h `[N, C_h]`, 1×1 convolutions without bias;
 * - s_ij = f(x_i) · g(x_j), and β_j,i = exp(s_ij) / Σ_i exp(s_ij): how much output position j attends to input
 *   position i (a softmax over the N positions i);
 * - o_j = v(Σ_i β_j,i h(x_i)) with v a 1×1 convolution back to C channels, W_v `[C_h, C]`;
 * - y = γ·o + x, with γ a learned scalar initialised to 0, so that the block starts as the identity and the network
 *   learns to lean on non-local evidence gradually.
 *
 * C̄ = C/8 as in the paper; C_h = C/2 as in BigGAN (Brock et al. 2018, arXiv:1809.11096), whose implementation also
 * max-pools the keys, which this layer does not. With `spectralNormalization` the four kernels are spectrally
 * normalized, as in both networks of SAGAN and BigGAN. Input and output: `[batch, H, W, C]`. The attention map is
 * `[batch, N, N]`: at 32×32 (N = 1024) it holds a million numbers per image, so place the block at 16×16 or below
 * on small machines.
 *
 * Weights: `f_kernel` `[C, C̄]`, `g_kernel` `[C, C̄]`, `h_kernel` `[C, C_h]`, `v_kernel` `[C_h, C]` (Glorot uniform)
 * and `gamma` (a scalar, 0), plus non-trainable `f_u`, `g_u`, `h_u`, `v_u` with spectral normalization.
 *
 * @example
 * ```ts
 * const attention = new SelfAttention({ spectralNormalization: true });
 * const y = attention.apply(features) as tfl.SymbolicTensor; // features [batch, 16, 16, 64] → the same shape
 * ```
 */
export class SelfAttention extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'SelfAttention';
  /** C̄ as given (undefined: C/8 at build). */
  readonly attentionChannels: number | undefined;
  /** C_h as given (undefined: C/2 at build). */
  readonly valueChannels: number | undefined;
  /** Whether the four kernels are spectrally normalized. */
  readonly spectralNormalization: boolean;
  /** Power-iteration steps per training call. */
  readonly powerIterations: number;
  private readonly seed: number | undefined;
  private readonly kernels = new Map<KernelName, tfl.LayerVariable>();
  private readonly vectors = new Map<KernelName, tfl.LayerVariable>();
  private gamma: tfl.LayerVariable | undefined;

  /** @param args - see {@link SelfAttentionArgs}. */
  constructor(args: SelfAttentionArgs = {}) {
    checkOptionalInteger(args.attentionChannels, 'attentionChannels');
    checkOptionalInteger(args.valueChannels, 'valueChannels');
    checkOptionalInteger(args.powerIterations, 'powerIterations');
    if (args.seed !== undefined && !Number.isFinite(args.seed)) throw new Error(`SelfAttention: args.seed must be a finite number, but got ${String(args.seed)}.`);
    super(args);
    this.attentionChannels = args.attentionChannels;
    this.valueChannels = args.valueChannels;
    this.spectralNormalization = args.spectralNormalization ?? false;
    this.powerIterations = args.powerIterations ?? 1;
    this.seed = args.seed;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const channels = shape[3];
    if (shape.length !== 4 || typeof channels !== 'number') {
      throw new Error(`SelfAttention: the input must be feature maps [batch, height, width, channels], but has shape ${JSON.stringify(shape)}.`);
    }
    const attention = this.attentionChannels ?? Math.max(1, Math.floor(channels / 8));
    const value = this.valueChannels ?? Math.max(1, Math.floor(channels / 2));
    const shapes: Record<KernelName, [number, number]> = { f: [channels, attention], g: [channels, attention], h: [channels, value], v: [value, channels] };
    KERNELS.forEach((name, i) => {
      const seed = this.seed === undefined ? {} : { seed: this.seed + i };
      this.kernels.set(name, this.addWeight(`${name}_kernel`, shapes[name], 'float32', tfl.initializers.glorotUniform(seed)));
    });
    this.gamma = this.addWeight('gamma', [], 'float32', tfl.initializers.zeros());
    if (this.spectralNormalization) {
      KERNELS.forEach((name, i) => {
        const init = tfl.initializers.randomNormal({ mean: 0, stddev: 1, ...(this.seed === undefined ? {} : { seed: this.seed + 10 + i }) });
        this.vectors.set(name, this.addWeight(`${name}_u`, [1, shapes[name][1]], 'float32', init, undefined, false));
      });
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return inputShape as tfl.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      const [batch, height, width, channels] = x.shape;
      const training = kwargs['training'] === true;
      const kernel = (name: KernelName): tf.Tensor2D => {
        const w = this.kernels.get(name)!.read() as tf.Tensor2D;
        if (!this.spectralNormalization) return w;
        return tf.div(w, spectralNormEstimate(w, this.vectors.get(name)!, { powerIterations: this.powerIterations, epsilon: EPSILON, training }));
      };
      const positions = tf.reshape(x, [batch * height * width, channels]);
      const project = (name: KernelName): tf.Tensor3D => {
        const w = kernel(name);
        return tf.reshape(tf.matMul(positions, w), [batch, height * width, w.shape[1]]);
      };
      const [f, g, h] = [project('f'), project('g'), project('h')];
      // scores[b, j, i] = g(x_j) · f(x_i); the softmax runs over i, the positions attended to.
      const attention = tf.softmax(tf.matMul(g, f, false, true));
      const attended = tf.reshape(tf.matMul(attention, h), [batch * height * width, h.shape[2]]);
      const o = tf.reshape(tf.matMul(attended, kernel('v')), [batch, height, width, channels]);
      return tf.add(tf.mul(this.gamma!.read(), o), x);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { spectralNormalization: this.spectralNormalization, powerIterations: this.powerIterations };
    if (this.attentionChannels !== undefined) config['attentionChannels'] = this.attentionChannels;
    if (this.valueChannels !== undefined) config['valueChannels'] = this.valueChannels;
    if (this.seed !== undefined) config['seed'] = this.seed;
    return { ...config, ...super.getConfig() };
  }
}
tf.serialization.registerClass(SelfAttention);
