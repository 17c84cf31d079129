import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link Packing}. */
export interface PackingArgs extends LayerArgs {
  /** m, the samples per pack; an integer ≥ 1 (PacGAN uses 2 to 4). */
  samples: number;
}

/**
 * Packing of PacGAN (Lin, Khetan, Fanti & Oh 2018, "PacGAN: The power of two samples in generative adversarial
 * networks", arXiv:1712.04086): the discriminator judges m samples at once, which penalizes a generator whose
 * samples lack variety (mode collapse). Consecutive samples i·m … i·m + m − 1 of a batch form pack i and are
 * concatenated along the last (feature or channel) axis:
 *
 *   [batch, …, C] → [batch / m, …, m·C]   (e.g. images [64, 28, 28, 1] → [32, 28, 28, 2] for m = 2).
 *
 * Put it first in a discriminator built for m·C input channels; the discriminator then returns one logit per pack,
 * `[batch / m, 1]`, and every GAN loss (means over the logits) works unchanged. The batch must be divisible by m.
 *
 * @example
 * ```ts
 * const d = tfl.sequential({ layers: [new Packing({ samples: 2, inputShape: [2] }), tfl.layers.dense({ units: 1 })] });
 * ```
 */
export class Packing extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'Packing';
  /** m, the samples per pack. */
  readonly samples: number;

  /** @param args - see {@link PackingArgs}. */
  constructor(args: PackingArgs) {
    const m = args?.samples;
    if (typeof m !== 'number' || !Number.isInteger(m) || m < 1) {
      throw new Error(`Packing: args.samples must be an integer ≥ 1 (samples per pack; PacGAN uses 2 to 4), but got ${String(m)}.`);
    }
    super(args);
    this.samples = m;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = inputShape as tfl.Shape;
    const batch = shape[0];
    const last = shape[shape.length - 1];
    return [
      typeof batch === 'number' ? batch / this.samples : null,
      ...shape.slice(1, -1),
      typeof last === 'number' ? last * this.samples : null,
    ];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const m = this.samples;
      const [batch = 0, ...rest] = x.shape;
      if (x.rank < 2 || batch % m !== 0) {
        throw new Error(`Packing: a batch of ${batch} samples cannot be split into packs of ${m}; use a batch size divisible by ${m}.`);
      }
      const channels = rest[rest.length - 1]!;
      const grouped = tf.reshape(x, [batch / m, m, ...rest]);
      // [packs, m, …, C] → [packs, …, m, C]: the members of a pack side by side in front of the channel axis.
      const inner = rest.slice(0, -1).map((_, i) => i + 2);
      const moved = tf.transpose(grouped, [0, ...inner, 1, x.rank]);
      return tf.reshape(moved, [batch / m, ...rest.slice(0, -1), m * channels]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { samples: this.samples, ...super.getConfig() };
  }
}
tf.serialization.registerClass(Packing);

/** m of a packed discriminator: the product of the `samples` of its {@link Packing} layers (1 when there is none). */
export function packingOf(model: tfl.LayersModel): number {
  return model.layers.reduce((m, layer) => (layer instanceof Packing ? m * layer.samples : m), 1);
}
