import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkOptionalSeed } from './layer_checks.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link ConstantInput}. */
export interface ConstantInputArgs extends LayerArgs {
  /** The shape `[h, w, c]` of the learned constant; integers ≥ 1 (StyleGAN: `[4, 4, 512]`). */
  shape: readonly number[];
  /** Seed of the N(0, 1) initialiser; unseeded when omitted. */
  seed?: number;
}

/**
 * The learned constant input of StyleGAN's synthesis network (Karras et al. 2019, arXiv:1812.04948, §2; StyleGAN2,
 * arXiv:1912.04958): the generator starts from a learned tensor `[h, w, c]` initialised N(0, 1) instead of from the
 * latent vector, which reaches the network only through the styles. The input (any tensor `[batch, …]`, usually the
 * styles) only sets the batch size; the output is the constant repeated, `[batch, h, w, c]`.
 */
export class ConstantInput extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'ConstantInput';
  /** The shape `[h, w, c]` of the constant. */
  readonly shape: [number, number, number];
  private readonly seed: number | undefined;
  private constant: tfl.LayerVariable | undefined;

  /** @param args - see {@link ConstantInputArgs}. */
  constructor(args: ConstantInputArgs) {
    const shape = args?.shape;
    if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new Error(`ConstantInput: args.shape must be [h, w, c] of integers ≥ 1 such as [4, 4, 256], but got ${JSON.stringify(shape)}.`);
    }
    const seed = checkOptionalSeed(args.seed, 'ConstantInput: args.seed');
    super(args);
    this.shape = [shape[0]!, shape[1]!, shape[2]!];
    this.seed = seed;
  }

  override build(_inputShape: tfl.Shape | tfl.Shape[]): void {
    const init = tfl.initializers.randomNormal(this.seed === undefined ? { mean: 0, stddev: 1 } : { mean: 0, stddev: 1, seed: this.seed });
    this.constant = this.addWeight('constant', [...this.shape], 'float32', init);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const first = Array.isArray(inputShape[0]) ? (inputShape as tfl.Shape[])[0]! : (inputShape as tfl.Shape);
    return [first[0] ?? null, ...this.shape];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const batch = (Array.isArray(inputs) ? inputs[0]! : inputs).shape[0]!;
      return tf.broadcastTo(tf.expandDims(this.constant!.read(), 0), [batch, ...this.shape]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { shape: [...this.shape], ...super.getConfig() };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return config;
  }
}
tf.serialization.registerClass(ConstantInput);
