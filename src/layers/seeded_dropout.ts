import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link SeededDropout}. */
export interface SeededDropoutArgs extends LayerArgs {
  /** The probability p of zeroing an element, in [0, 1). */
  rate: number;
  /** Seed of the mask stream, an integer; drawn at random (and then saved with the layer) when omitted. */
  seed?: number;
}

/**
 * Dropout (Srivastava et al. 2014, JMLR 15) whose masks form a repeatable stream: in training, call k draws its mask
 * from the seed (`seed`, k), keeps each element with probability 1 − p and scales kept elements by 1 / (1 − p); in
 * inference it is the identity. k is a non-trainable weight (`calls`), so it is saved and restored with the model's
 * weights, and a run resumed from a checkpoint draws the same masks as the uninterrupted run.
 *
 * Why not `tf.layers.dropout`: unseeded, it draws from `Math.random`, so runs cannot be repeated; seeded, tfjs-core
 * 4.22 draws the same mask at every call. The pix2pix generator (arXiv:1611.07004) uses dropout as its noise.
 * The count is exact up to 2²⁴ calls (it is stored as float32).
 *
 * @example
 * ```ts
 * const d = new SeededDropout({ rate: 0.5, seed: 7 });
 * ```
 */
export class SeededDropout extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'SeededDropout';
  /** p, the probability of zeroing an element. */
  readonly rate: number;
  /** The seed of the mask stream. */
  readonly seed: number;
  private calls: tfl.LayerVariable | undefined;

  /** @param args - see {@link SeededDropoutArgs}. */
  constructor(args: SeededDropoutArgs) {
    const rate = args?.rate;
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
      throw new Error(`SeededDropout: args.rate must be a number in [0, 1), but got ${String(rate)}.`);
    }
    if (args.seed !== undefined && !Number.isInteger(args.seed)) {
      throw new Error(`SeededDropout: args.seed must be an integer, but got ${String(args.seed)}.`);
    }
    super(args);
    this.rate = rate;
    this.seed = args.seed ?? Math.floor(Math.random() * 2 ** 31);
  }

  override build(_inputShape: tfl.Shape | tfl.Shape[]): void {
    this.calls = this.addWeight('calls', [], 'float32', tfl.initializers.zeros(), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return inputShape as tfl.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs['training'] !== true || this.rate === 0) return tf.clone(x);
    const calls = this.calls!;
    const k = calls.read().dataSync()[0]!;
    return tf.tidy(() => {
      calls.write(tf.scalar(k + 1));
      const keep = 1 - this.rate;
      const mask = tf.floor(tf.add(tf.randomUniform(x.shape, 0, 1, 'float32', `${this.seed}/${k}`), keep));
      return tf.mul(x, tf.div(mask, keep));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { rate: this.rate, seed: this.seed, ...super.getConfig() };
  }
}
tf.serialization.registerClass(SeededDropout);
