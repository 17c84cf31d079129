import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkClasses, checkLabelShape, classRows } from './class_labels.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link ClassProjection}. */
export interface ClassProjectionArgs extends LayerArgs {
  /** The number of classes K; labels are integers in [0, K). */
  classes: number;
  /** Seed of the Glorot-uniform initialiser of the class embedding V `[K, F]`; unseeded when omitted. */
  seed?: number;
}

/**
 * The projection term of the projection discriminator (Miyato & Koyama 2018, "cGANs with Projection
 * Discriminator", arXiv:1802.05637, eq. 3): for features φ(x) `[batch, F]` and labels y, out = yᵀ V φ(x) =
 * Σ_f V[y, f] · φ(x)_f, with a learned class embedding V `[K, F]`. The discriminator's logit is ψ(φ(x)) plus this
 * term, where ψ is its unconditional output layer.
 *
 * Inputs: `[phi, labels]`, phi `[batch, F]`, labels `[batch]` or `[batch, 1]` integers. Output: `[batch, 1]`.
 *
 * @example
 * ```ts
 * const logit = tfl.layers.add().apply([
 *   tfl.layers.dense({ units: 1 }).apply(phi),
 *   new ClassProjection({ classes: 10 }).apply([phi, labelInput]),
 * ]) as tfl.SymbolicTensor;
 * ```
 */
export class ClassProjection extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'ClassProjection';
  /** The number of classes K. */
  readonly classes: number;
  private readonly seed: number | undefined;
  private embeddings: tfl.LayerVariable | undefined;

  /** @param args - see {@link ClassProjectionArgs}. */
  constructor(args: ClassProjectionArgs) {
    const classes = checkClasses(args?.classes, 'ClassProjection');
    super(args);
    this.classes = classes;
    this.seed = args.seed;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const [features, labels] = inputShape as tfl.Shape[];
    const size = features?.[1];
    if (features === undefined || labels === undefined || features.length !== 2 || typeof size !== 'number') {
      throw new Error(`ClassProjection: inputs must be [features [batch, F], labels [batch, 1]], but got shapes ${JSON.stringify(inputShape)}; flatten the features first.`);
    }
    checkLabelShape(labels, 'ClassProjection');
    this.embeddings = this.addWeight('embeddings', [this.classes, size], 'float32', tfl.initializers.glorotUniform(this.seed === undefined ? {} : { seed: this.seed }));
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [(inputShape as tfl.Shape[])[0]![0] ?? null, 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const [phi, labels] = inputs as tf.Tensor[];
      const rows = classRows(this.embeddings!.read(), labels!);
      return tf.sum(tf.mul(rows, phi!), 1, true);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { classes: this.classes, ...super.getConfig() };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return config;
  }
}
tf.serialization.registerClass(ClassProjection);
