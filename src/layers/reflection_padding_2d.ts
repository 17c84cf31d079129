import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Rows and columns of reflection padding: `[[top, bottom], [left, right]]`, integers ≥ 0. */
export type ReflectionPaddingAmounts = readonly [readonly [number, number], readonly [number, number]];

/** Arguments of {@link ReflectionPadding2D}. */
export interface ReflectionPadding2DArgs extends LayerArgs {
  /**
   * How much to pad, as for `tf.layers.zeroPadding2d`: p (every side), `[ph, pw]` (ph rows at the top and the bottom,
   * pw columns at the left and the right) or `[[top, bottom], [left, right]]`; integers ≥ 0. Each amount must be
   * smaller than the side it pads (a reflection never repeats the edge pixel). Default 1.
   */
  padding?: number | readonly [number, number] | ReflectionPaddingAmounts;
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** The padding argument as `[[top, bottom], [left, right]]`, or an error naming `where`. */
function normalizePadding(padding: ReflectionPadding2DArgs['padding'], where: string): [[number, number], [number, number]] {
  const valid = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (padding === undefined) return [[1, 1], [1, 1]];
  if (valid(padding)) return [[padding, padding], [padding, padding]];
  if (Array.isArray(padding) && padding.length === 2) {
    const [rows, cols] = padding as unknown[];
    if (valid(rows) && valid(cols)) return [[rows, rows], [cols, cols]];
    const pair = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every(valid);
    if (pair(rows) && pair(cols)) return [[rows[0], rows[1]], [cols[0], cols[1]]];
  }
  throw new Error(
    `${where}: padding must be an integer ≥ 0, [rows, columns] or [[top, bottom], [left, right]] of integers ≥ 0, but got ${show(padding)}.`,
  );
}

/** Throws when a side of `height` × `width` is not larger than the padding that reflects it. */
function checkSides(height: number | null, width: number | null, padding: ReflectionPaddingAmounts, where: string): void {
  const [[top, bottom], [left, right]] = padding;
  const tooSmall = (side: number | null, amount: number) => side !== null && amount >= side;
  if (tooSmall(height, Math.max(top, bottom)) || tooSmall(width, Math.max(left, right))) {
    throw new Error(
      `${where}: cannot reflect ${show(padding)} (rows [top, bottom], columns [left, right]) on an image of ${height} × ${width}: ` +
        'each amount must be smaller than the side it pads. Pad less, or use zero padding for such small images.',
    );
  }
}

/** Reflects `before` and `after` slices of `x` along `axis` about its first and last element and concatenates them around x. */
function reflectAxis(x: tf.Tensor4D, axis: 1 | 2, before: number, after: number): tf.Tensor4D {
  if (before === 0 && after === 0) return x;
  const size = x.shape[axis];
  const band = (start: number, length: number): tf.Tensor4D => {
    const begin = [0, 0, 0, 0];
    const extent = [-1, -1, -1, -1];
    begin[axis] = start;
    extent[axis] = length;
    return tf.reverse(tf.slice(x, begin, extent), axis);
  };
  const parts: tf.Tensor4D[] = [];
  if (before > 0) parts.push(band(1, before));
  parts.push(x);
  if (after > 0) parts.push(band(size - 1 - after, after));
  return tf.concat4d(parts, axis);
}

/**
 * Reflection padding of NHWC images (TensorFlow's `MirrorPad` in `REFLECT` mode, PyTorch's `ReflectionPad2d`): the
 * border is the mirror image of the pixels next to it, without repeating the edge pixel. Along a row x₀ … x_{w−1}
 * padded by 2 on each side: x₂ x₁ | x₀ … x_{w−1} | x_{w−2} x_{w−3}.
 *
 * Built from slice, reverse and concat. tfjs's own `tf.mirrorPad` cannot be used in training: its gradient (tfjs-core
 * 4.22) only slices the gradient of the centre and drops that of the reflected border, which belongs to the mirrored
 * pixels. The ops used here have exact gradients, of every order, on every backend.
 *
 * @param x - images `[batch, height, width, channels]`. Not disposed.
 * @param padding - `[[top, bottom], [left, right]]`; each amount smaller than the side it pads.
 * @returns `[batch, height + top + bottom, width + left + right, channels]`.
 * @example
 * ```ts
 * reflectionPad2d(tf.tensor4d([1, 2, 3], [1, 1, 3, 1]), [[0, 0], [2, 1]]); // row 3 2 | 1 2 3 | 2
 * ```
 */
export function reflectionPad2d(x: tf.Tensor4D, padding: ReflectionPaddingAmounts): tf.Tensor4D {
  if (x.rank !== 4) throw new Error(`reflectionPad2d: x must be images [batch, height, width, channels], but got shape [${x.shape.join(', ')}].`);
  const amounts = normalizePadding(padding, 'reflectionPad2d');
  checkSides(x.shape[1], x.shape[2], amounts, 'reflectionPad2d');
  const [[top, bottom], [left, right]] = amounts;
  return tf.tidy(() => reflectAxis(reflectAxis(x, 1, top, bottom), 2, left, right));
}

/**
 * A layer that pads NHWC images by reflection, as {@link reflectionPad2d} computes it: the padding of the ResNet
 * generator of CycleGAN (Zhu et al. 2017, arXiv:1703.10593, after Johnson et al. 2016, arXiv:1603.08155), which
 * avoids the dark border artefacts of zero padding. Channels-last only.
 *
 * @example
 * ```ts
 * const pad = new ReflectionPadding2D({ padding: 3 });    // before a 7×7 'valid' convolution
 * ```
 */
export class ReflectionPadding2D extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'ReflectionPadding2D';
  /** `[[top, bottom], [left, right]]`. */
  readonly padding: ReflectionPaddingAmounts;

  /** @param args - see {@link ReflectionPadding2DArgs}. */
  constructor(args: ReflectionPadding2DArgs = {}) {
    const padding = normalizePadding(args.padding, 'ReflectionPadding2D');
    super(args);
    this.padding = padding;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = inputShape as tfl.Shape;
    if (shape.length !== 4) {
      throw new Error(`ReflectionPadding2D: the input must be images [batch, height, width, channels], but got shape ${show(shape)}.`);
    }
    const [batch = null, height = null, width = null, channels = null] = shape;
    checkSides(height, width, this.padding, `ReflectionPadding2D '${this.name}'`);
    const [[top, bottom], [left, right]] = this.padding;
    return [batch, height === null ? null : height + top + bottom, width === null ? null : width + left + right, channels];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    return reflectionPad2d(x, this.padding);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const [[top, bottom], [left, right]] = this.padding;
    return { padding: [[top, bottom], [left, right]], ...super.getConfig() };
  }
}
tf.serialization.registerClass(ReflectionPadding2D);
