import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkCount, checkImageShape, checkPositive } from './layer_checks.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link MinibatchStandardDeviation}. */
export interface MinibatchStandardDeviationArgs extends LayerArgs {
  /**
   * The group size G; an integer ≥ 1. Default 4 (ProGAN, StyleGAN2). A batch of N samples uses the largest divisor of
   * N that is ≤ G, so every batch size works (a prime N > G gives groups of 1, whose deviation is sqrt(ε)).
   */
  groupSize?: number;
  /** The number F of appended feature maps; the channels are split into F equal parts, one statistic each. Default 1. */
  features?: number;
  /** ε added to the variance before the square root; a finite number > 0. Default 1e-8. */
  epsilon?: number;
}

/** The largest divisor of n that is at most g. */
export function groupSizeFor(n: number, g: number): number {
  for (let d = Math.min(n, g); d > 1; d--) if (n % d === 0) return d;
  return 1;
}

/**
 * Minibatch standard deviation (Karras et al. 2018, "Progressive Growing of GANs", arXiv:1710.10196, §3; the
 * multi-feature form of StyleGAN2, arXiv:1912.04958): lets the discriminator see the variation within a batch, so a
 * generator that collapses to few modes is easy to tell apart.
 *
 * For images x `[N, H, W, C]` the batch is split into n = N/G groups of G samples — sample i belongs to group
 * i mod n — and the channels into F parts of C/F. For each group j and part f:
 *
 *   s_{j,f} = mean over pixels (h, w) and the part's channels c of sqrt(Var_g x[g·n + j, h, w, c] + ε),
 *
 * with the variance taken over the G members g (the biased, 1/G, variance). The output is x with F constant feature
 * maps appended, `[N, H, W, C + F]`, sample i's maps filled with s_{i mod n, f}.
 */
export class MinibatchStandardDeviation extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'MinibatchStandardDeviation';
  /** The group size G. */
  readonly groupSize: number;
  /** The number F of appended feature maps. */
  readonly features: number;
  /** ε added to the variance. */
  readonly epsilon: number;

  /** @param args - see {@link MinibatchStandardDeviationArgs}. */
  constructor(args: MinibatchStandardDeviationArgs = {}) {
    const groupSize = checkCount(args?.groupSize, 'MinibatchStandardDeviation: args.groupSize', 4);
    const features = checkCount(args.features, 'MinibatchStandardDeviation: args.features', 1);
    const epsilon = checkPositive(args.epsilon, 'MinibatchStandardDeviation: args.epsilon', 1e-8);
    super(args);
    this.groupSize = groupSize;
    this.features = features;
    this.epsilon = epsilon;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const [, , channels] = checkImageShape(inputShape, 'MinibatchStandardDeviation');
    if (channels % this.features !== 0) {
      throw new Error(`MinibatchStandardDeviation: the input's ${channels} channels cannot be split into args.features = ${this.features} equal parts; use a divisor of ${channels}.`);
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [batch = null, h = null, w = null, c] = inputShape as tfl.Shape;
    return [batch, h, w, typeof c === 'number' ? c + this.features : null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [n, h, w, c] = x.shape as [number, number, number, number];
      const g = groupSizeFor(n, this.groupSize);
      const f = this.features;
      const grouped = tf.reshape(x, [g, n / g, h, w, f, c / f]);
      const centred = tf.sub(grouped, tf.mean(grouped, 0, true));
      const std = tf.sqrt(tf.add(tf.mean(tf.square(centred), 0), this.epsilon));
      // Broadcast at rank 4: the gradient of broadcastTo (TensorFlow.js's Tile gradient) stops there.
      const perGroup = tf.reshape(tf.mean(std, [1, 2, 4]), [1, n / g, 1, f]);
      const maps = tf.reshape(tf.broadcastTo(perGroup, [g, n / g, h * w, f]), [n, h, w, f]);
      return tf.concat([x, maps], -1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { groupSize: this.groupSize, features: this.features, epsilon: this.epsilon, ...super.getConfig() };
  }
}
tf.serialization.registerClass(MinibatchStandardDeviation);
