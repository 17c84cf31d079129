import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkClasses, checkLabelShape, classRows } from './class_labels.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link ClassEmbedding}. */
export interface ClassEmbeddingArgs extends LayerArgs {
  /** The number of classes K; labels are integers in [0, K). */
  classes: number;
  /** The size D of each class's vector, an integer ≥ 1. */
  units: number;
  /** Seed of the N(0, 1) initialiser of the table; unseeded when omitted. */
  seed?: number;
}

/**
 * A learned vector per class: labels y `[batch]` or `[batch, 1]` → E[y] `[batch, D]`, with a table E `[K, D]`
 * initialised N(0, 1) (as PyTorch's `nn.Embedding`). The label input of a CGAN (Mirza & Osindero 2014,
 * arXiv:1411.1784): concatenated to z in the generator, to the sample in the discriminator.
 *
 * Computed as one-hot(y) · E, whose gradient runs on every backend (tfjs-layers' `Embedding` gathers, and the
 * gradient of a gather needs the UnsortedSegmentSum kernel, which the wasm backend lacks).
 */
export class ClassEmbedding extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'ClassEmbedding';
  /** The number of classes K. */
  readonly classes: number;
  /** The vector size D. */
  readonly units: number;
  private readonly seed: number | undefined;
  private table: tfl.LayerVariable | undefined;

  /** @param args - see {@link ClassEmbeddingArgs}. */
  constructor(args: ClassEmbeddingArgs) {
    const classes = checkClasses(args?.classes, 'ClassEmbedding');
    if (!Number.isInteger(args.units) || args.units < 1) {
      throw new Error(`ClassEmbedding: args.units must be an integer ≥ 1, but got ${String(args.units)}.`);
    }
    super(args);
    this.classes = classes;
    this.units = args.units;
    this.seed = args.seed;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    checkLabelShape(inputShape as tfl.Shape, 'ClassEmbedding');
    const init = tfl.initializers.randomNormal({ mean: 0, stddev: 1, ...(this.seed === undefined ? {} : { seed: this.seed }) });
    this.table = this.addWeight('embeddings', [this.classes, this.units], 'float32', init);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [(inputShape as tfl.Shape)[0] ?? null, this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => classRows(this.table!.read(), Array.isArray(inputs) ? inputs[0]! : inputs));
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { classes: this.classes, units: this.units, ...super.getConfig() };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return config;
  }
}
tf.serialization.registerClass(ClassEmbedding);
