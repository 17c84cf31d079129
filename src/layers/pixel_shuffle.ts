import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Arguments of {@link PixelShuffle}. */
export interface PixelShuffleArgs extends LayerArgs {
  /** r, the up-sampling factor of height and width; an integer ≥ 1. The input's channels must be a multiple of r². */
  scale: number;
}

function checkScale(scale: unknown, where: string): number {
  if (typeof scale === 'number' && Number.isInteger(scale) && scale >= 1) return scale;
  throw new Error(`${where}: scale must be an integer ≥ 1 (2 doubles height and width), but got ${String(scale)}.`);
}

function checkChannels(channels: number | null, scale: number, where: string): void {
  if (channels !== null && channels % (scale * scale) !== 0) {
    throw new Error(
      `${where}: the input has ${channels} channels, which is not a multiple of scale² = ${scale * scale}; ` +
        `give the convolution before it ${scale * scale}·C filters for C output channels.`,
    );
  }
}

/**
 * Sub-pixel up-sampling (pixel shuffle, depth to space) of Shi et al. 2016, "Real-Time Single Image and Video
 * Super-Resolution Using an Efficient Sub-Pixel Convolutional Neural Network" (arXiv:1609.05158): rearranges
 * `[batch, h, w, r²·C]` into `[batch, r·h, r·w, C]` with
 *
 *   y[n, r·i + a, r·j + b, c] = x[n, i, j, (a·r + b)·C + c]   for a, b ∈ {0 … r−1},
 *
 * the channel order of TensorFlow's `depth_to_space` (NHWC, "DCR"), so it equals `tf.depthToSpace(x, r)`, and it is
 * the inverse of `space_to_depth`. Computed as reshape → transpose → reshape, because tfjs-core 4.22 registers no
 * gradient for its `DepthToSpace` kernel; these ops have exact gradients on every backend.
 *
 * @param x - `[batch, h, w, r²·C]`. Not disposed.
 * @param scale - r, an integer ≥ 1.
 * @returns `[batch, r·h, r·w, C]`.
 */
export function pixelShuffle(x: tf.Tensor4D, scale: number): tf.Tensor4D {
  const r = checkScale(scale, 'pixelShuffle');
  if (x.rank !== 4) throw new Error(`pixelShuffle: x must be [batch, height, width, channels], but got shape [${x.shape.join(', ')}].`);
  const [n, h, w, depth] = x.shape;
  checkChannels(depth, r, 'pixelShuffle');
  const c = depth / (r * r);
  return tf.tidy(() => {
    // [n·h, w, a, b·C + c] → [n·h, a, w, b·C + c]: a rank-4 transpose (the axes that move together are merged).
    const rows = tf.transpose(tf.reshape(x, [n * h, w, r, r * c]), [0, 2, 1, 3]);
    return tf.reshape(rows, [n, h * r, w * r, c]);
  });
}

/**
 * A layer computing {@link pixelShuffle}: the sub-pixel convolution of Shi et al. 2016 (arXiv:1609.05158) when put
 * after a convolution with r²·C filters, as in the up-sampling blocks of SRGAN (Ledig et al. 2017, arXiv:1609.04802).
 * It has no weights.
 *
 * @example
 * ```ts
 * const up = tfl.sequential({ layers: [
 *   tfl.layers.conv2d({ filters: 4 * 64, kernelSize: 3, padding: 'same', inputShape: [14, 14, 64] }),
 *   new PixelShuffle({ scale: 2 }),                       // [n, 28, 28, 64]
 * ] });
 * ```
 */
export class PixelShuffle extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'PixelShuffle';
  /** r, the up-sampling factor. */
  readonly scale: number;

  /** @param args - see {@link PixelShuffleArgs}. */
  constructor(args: PixelShuffleArgs) {
    const scale = checkScale(args?.scale, 'PixelShuffle');
    super(args);
    this.scale = scale;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = inputShape as tfl.Shape;
    if (shape.length !== 4) {
      throw new Error(`PixelShuffle: the input must be [batch, height, width, channels], but got shape ${JSON.stringify(shape)}.`);
    }
    const [batch = null, h = null, w = null, depth = null] = shape;
    const r = this.scale;
    checkChannels(depth, r, `PixelShuffle '${this.name}'`);
    return [batch, h === null ? null : h * r, w === null ? null : w * r, depth === null ? null : depth / (r * r)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return pixelShuffle((Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D, this.scale);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { scale: this.scale, ...super.getConfig() };
  }
}
tf.serialization.registerClass(PixelShuffle);
