import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { SeededRandom } from '../utils/random.js';
import { checkImageShape, checkOptionalSeed } from './layer_checks.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/**
 * Where a {@link NoiseInjection} layer takes its noise from: `'random'` — fresh N(0, 1) draws in every call, the k-th
 * call's from a stream seeded by (the layer's seed, k), with k counted in a saved weight; a {@link SeededRandom} —
 * draws from that stream (the caller's); `'const'` — the layer's fixed noise image (saved with the model); `'none'` —
 * no noise; or a tensor `[batch or 1, h, w, 1]` given by the caller (who keeps ownership).
 */
export type NoiseSource = 'random' | 'const' | 'none' | SeededRandom | tf.Tensor;

/** Arguments of {@link NoiseInjection}. */
export interface NoiseInjectionArgs extends LayerArgs {
  /** Seed of the fixed noise image and of the `'random'` noise; an integer. Drawn at random (and saved) when omitted. */
  seed?: number;
}

/**
 * Per-pixel noise inputs of StyleGAN (Karras, Laine, Aila 2019, "A Style-Based Generator Architecture for Generative
 * Adversarial Networks", arXiv:1812.04948, §2 and Figure 1; kept in StyleGAN2, arXiv:1912.04958): one single-channel
 * noise image per sample, added to every channel with a learned per-channel scale,
 *
 *   y_{n,h,w,c} = x_{n,h,w,c} + s_c · ν_{n,h,w},   ν ~ N(0, 1),
 *
 * with s `[C]` initialised to 0. The noise gives the generator a source of stochastic detail (hair, pores, stroke
 * texture) that the styles do not have to encode.
 *
 * The noise comes from {@link NoiseInjection.noise}. By default (`'random'`) call k of the layer draws its noise from
 * a stream seeded by (seed, k) in JavaScript, and k is a non-trainable weight: the noise is the same on every backend,
 * and a model (or a trainer snapshot, or a checkpoint) saved and loaded continues with the noise it would have drawn
 * next. Set `'const'`, `'none'`, a stream or a tensor for repeatable samples. Weights: `strength` `[C]` (trainable),
 * `constant_noise` `[h, w]` and `noise_calls` (int32, the call count k), both non-trainable.
 */
export class NoiseInjection extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'NoiseInjection';
  /** Where the noise of the next calls comes from; `'random'` after construction. Not saved with the model. */
  noise: NoiseSource = 'random';
  /** The seed of the constant noise image and of the `'random'` noise. */
  readonly seed: number;
  private strength: tfl.LayerVariable | undefined;
  private constantNoise: tfl.LayerVariable | undefined;
  private calls: tfl.LayerVariable | undefined;

  /** @param args - see {@link NoiseInjectionArgs}. */
  constructor(args: NoiseInjectionArgs = {}) {
    const seed = checkOptionalSeed(args?.seed, 'NoiseInjection: args.seed');
    super(args);
    this.seed = seed ?? Math.floor(Math.random() * 2 ** 31);
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const [h, w, channels] = checkImageShape(inputShape, 'NoiseInjection');
    this.strength = this.addWeight('strength', [channels], 'float32', tfl.initializers.zeros());
    this.constantNoise = this.addWeight('constant_noise', [h, w], 'float32', tfl.initializers.randomNormal({ mean: 0, stddev: 1, seed: this.seed }), undefined, false);
    this.calls = this.addWeight('noise_calls', [], 'int32', tfl.initializers.zeros(), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const noise = this.noiseFor(x.shape as [number, number, number, number]);
      return noise === undefined ? tf.clone(x) : tf.add(x, tf.mul(noise, this.strength!.read()));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { seed: this.seed, ...super.getConfig() };
  }

  /** The noise image ν `[batch or 1, h, w, 1]` for an input of shape `[batch, h, w, c]`, or undefined for `'none'`. */
  private noiseFor([n, h, w]: [number, number, number, number]): tf.Tensor | undefined {
    const source = this.noise;
    if (source === 'none') return undefined;
    if (source === 'random') {
      const k = this.calls!.read().dataSync()[0]!;
      this.calls!.write(tf.scalar(k + 1, 'int32'));
      return new SeededRandom(`${this.seed}/${k}`).normalTensor([n, h, w, 1]);
    }
    if (source instanceof SeededRandom) return source.normalTensor([n, h, w, 1]);
    if (source === 'const') return tf.reshape(this.constantNoise!.read(), [1, h, w, 1]);
    if (!(source instanceof tf.Tensor)) {
      throw new Error(`NoiseInjection '${this.name}': noise must be 'random', 'const', 'none', a SeededRandom or a tensor, but is ${String(source)}.`);
    }
    const [sn, sh, sw, sc] = source.shape;
    if (source.rank !== 4 || !(sn === n || sn === 1) || sh !== h || sw !== w || sc !== 1) {
      throw new Error(`NoiseInjection '${this.name}': a given noise tensor must have shape [${n} or 1, ${h}, ${w}, 1], but has [${source.shape.join(', ')}].`);
    }
    return source;
  }
}
tf.serialization.registerClass(NoiseInjection);
