import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { modulate } from './affine_modulation.js';
import { checkClasses, checkLabelShape, classRows } from './class_labels.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link ClassConditionalAffine}. */
export interface ClassConditionalAffineArgs extends LayerArgs {
  /** The number of classes K; labels are integers in [0, K). */
  classes: number;
}

/**
 * A class-conditional scale and shift of the last (channel) axis: for features h `[batch, …, C]` and labels y,
 * out = γ[y] ⊙ h + β[y], with γ `[K, C]` initialised to 1 and β `[K, C]` to 0 (the identity at the start).
 *
 * Placed right after a batch normalization it makes **conditional batch normalization** (de Vries et al. 2017,
 * "Modulating early visual processing by language", arXiv:1707.00683; Dumoulin et al. 2017, "A Learned
 * Representation For Artistic Style", arXiv:1610.07629): the normalized activations get per-class γ and β. The
 * batch normalization's own γ and β, shared by all classes, multiply into these, which changes nothing the network
 * can express.
 *
 * Inputs: `[h, labels]`, h of any rank ≥ 2, labels `[batch]` or `[batch, 1]` integers (an out-of-range label
 * selects no row: γ and β are 0 for it). Output: the shape of h.
 *
 * @example
 * ```ts
 * const h = tfl.layers.batchNormalization().apply(features) as tfl.SymbolicTensor;
 * const conditioned = new ClassConditionalAffine({ classes: 10 }).apply([h, labelInput]) as tfl.SymbolicTensor;
 * ```
 */
export class ClassConditionalAffine extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'ClassConditionalAffine';
  /** The number of classes K. */
  readonly classes: number;
  private gamma: tfl.LayerVariable | undefined;
  private beta: tfl.LayerVariable | undefined;

  /** @param args - see {@link ClassConditionalAffineArgs}. */
  constructor(args: ClassConditionalAffineArgs) {
    const classes = checkClasses(args?.classes, 'ClassConditionalAffine');
    super(args);
    this.classes = classes;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const [features, labels] = inputShape as tfl.Shape[];
    const channels = features?.[features.length - 1];
    if (features === undefined || labels === undefined || features.length < 2 || typeof channels !== 'number') {
      throw new Error(`ClassConditionalAffine: inputs must be [features [batch, …, channels], labels [batch, 1]], but got shapes ${JSON.stringify(inputShape)}.`);
    }
    checkLabelShape(labels, 'ClassConditionalAffine');
    this.gamma = this.addWeight('gamma', [this.classes, channels], 'float32', tfl.initializers.ones());
    this.beta = this.addWeight('beta', [this.classes, channels], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return (inputShape as tfl.Shape[])[0]!;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const [h, labels] = inputs as tf.Tensor[];
      return modulate(h!, classRows(this.gamma!.read(), labels!), classRows(this.beta!.read(), labels!));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { classes: this.classes, ...super.getConfig() };
  }
}
tf.serialization.registerClass(ClassConditionalAffine);
