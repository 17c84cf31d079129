import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkChoice, checkImageShape } from './layer_checks.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/**
 * The filter of a 2× resampling: `'box'` — nearest-neighbour up-sampling and 2×2 average pooling (ProGAN);
 * `'linear'` — the separable [1, 3, 3, 1] filter of StyleGAN2 (bilinear interpolation at half-pixel offsets), with
 * the edge pixels repeated beyond the border.
 */
export type ResampleFilter = 'box' | 'linear';

const FILTERS: readonly ResampleFilter[] = ['box', 'linear'];

/** Arguments of {@link Upsample2D} and {@link Downsample2D}. */
export interface Resample2DArgs extends LayerArgs {
  /** The resampling filter. Default `'box'`. */
  filter?: ResampleFilter;
}

function sizeWith(shape: readonly number[], axis: 1 | 2, value: number): number[] {
  const s = [...shape];
  s[axis] = value;
  return s;
}

/** The first (`'first'`) or last (`'last'`) slice of x along `axis`, keeping the axis. */
function edgeOf(x: tf.Tensor, axis: 1 | 2, which: 'first' | 'last'): tf.Tensor {
  return tf.slice(x, sizeWith([0, 0, 0, 0], axis, which === 'first' ? 0 : x.shape[axis]! - 1), sizeWith(x.shape, axis, 1));
}

/** x without its first (`'first'`) or last (`'last'`) slice along `axis`. */
function withoutEdge(x: tf.Tensor, axis: 1 | 2, which: 'first' | 'last'): tf.Tensor {
  return tf.slice(x, sizeWith([0, 0, 0, 0], axis, which === 'first' ? 1 : 0), sizeWith(x.shape, axis, x.shape[axis]! - 1));
}

/** The elements x[i − 1] (`'previous'`) or x[i + 1] (`'next'`) along `axis`, the edge element standing in beyond the border. */
function neighbours(x: tf.Tensor, axis: 1 | 2, which: 'previous' | 'next'): tf.Tensor {
  if (x.shape[axis] === 1) return x;
  return which === 'previous'
    ? tf.concat([edgeOf(x, axis, 'first'), withoutEdge(x, axis, 'last')], axis)
    : tf.concat([withoutEdge(x, axis, 'first'), edgeOf(x, axis, 'last')], axis);
}

/** 2× linear up-sampling along one axis: out[2i] = ¾x[i] + ¼x[i−1], out[2i+1] = ¾x[i] + ¼x[i+1]. */
function upsampleLinearAxis(x: tf.Tensor, axis: 1 | 2): tf.Tensor {
  const even = tf.add(tf.mul(x, 0.75), tf.mul(neighbours(x, axis, 'previous'), 0.25));
  const odd = tf.add(tf.mul(x, 0.75), tf.mul(neighbours(x, axis, 'next'), 0.25));
  return tf.reshape(tf.stack([even, odd], axis + 1), sizeWith(x.shape, axis, 2 * x.shape[axis]!));
}

/** 2× linear down-sampling along one axis: out[i] = (x[2i−1] + 3x[2i] + 3x[2i+1] + x[2i+2]) / 8. */
function downsampleLinearAxis(x: tf.Tensor, axis: 1 | 2): tf.Tensor {
  const pairs = [...x.shape];
  pairs.splice(axis, 1, x.shape[axis]! / 2, 2);
  const [even, odd] = tf.unstack(tf.reshape(x, pairs), axis + 1) as [tf.Tensor, tf.Tensor];
  // x[2i − 1] is the odd element of the previous pair (x[0] at the edge); x[2i + 2] the even one of the next pair
  // (x[h − 1] at the edge).
  const single = even.shape[axis] === 1;
  const previous = single ? even : tf.concat([edgeOf(even, axis, 'first'), withoutEdge(odd, axis, 'last')], axis);
  const next = single ? odd : tf.concat([withoutEdge(even, axis, 'first'), edgeOf(odd, axis, 'last')], axis);
  return tf.div(tf.add(tf.add(previous, next), tf.mul(tf.add(even, odd), 3)), 8);
}

/**
 * 2× up-sampling of NHWC images `[n, h, w, c]` → `[n, 2h, 2w, c]` with a {@link ResampleFilter}. Built from reshapes,
 * slices and sums only, so its gradient (and its gradient's gradient) exists on every backend.
 */
export function upsample2x(x: tf.Tensor4D, filter: ResampleFilter): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    if (filter === 'box') {
      // Each axis in turn, at rank 3: the gradient of broadcastTo (TensorFlow.js's Tile gradient) stops at rank 4.
      const columns = tf.broadcastTo(tf.reshape(x, [n * h * w, 1, c]), [n * h * w, 2, c]);
      const rows = tf.broadcastTo(tf.reshape(columns, [n * h, 1, 2 * w * c]), [n * h, 2, 2 * w * c]);
      return tf.reshape(rows, [n, 2 * h, 2 * w, c]);
    }
    return upsampleLinearAxis(upsampleLinearAxis(x, 1), 2) as tf.Tensor4D;
  });
}

/** 2× down-sampling of NHWC images `[n, h, w, c]` (h and w even) → `[n, h/2, w/2, c]` with a {@link ResampleFilter}. */
export function downsample2x(x: tf.Tensor4D, filter: ResampleFilter): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    if (filter === 'box') return tf.mean(tf.reshape(x, [n, h / 2, 2, w / 2, 2, c]), [2, 4]) as tf.Tensor4D;
    return downsampleLinearAxis(downsampleLinearAxis(x, 1), 2) as tf.Tensor4D;
  });
}

function checkFilter(args: Resample2DArgs, layer: string): ResampleFilter {
  return checkChoice(args?.filter, `${layer}: args.filter`, FILTERS, 'box');
}

/**
 * 2× up-sampling of images `[batch, h, w, c]` → `[batch, 2h, 2w, c]`: nearest neighbour (`'box'`, ProGAN, Karras et al.
 * 2018, arXiv:1710.10196) or the [1, 3, 3, 1] filter (`'linear'`, StyleGAN2, arXiv:1912.04958), whose four outputs
 * per input pixel are ¾·x + ¼·neighbour along each axis. No weights.
 */
export class Upsample2D extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'Upsample2D';
  /** The resampling filter. */
  readonly filter: ResampleFilter;

  /** @param args - see {@link Resample2DArgs}. */
  constructor(args: Resample2DArgs = {}) {
    const filter = checkFilter(args, 'Upsample2D');
    super(args);
    this.filter = filter;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    checkImageShape(inputShape, 'Upsample2D');
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [batch = null, h, w, c = null] = inputShape as tfl.Shape;
    return [batch, typeof h === 'number' ? 2 * h : null, typeof w === 'number' ? 2 * w : null, c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return upsample2x((Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D, this.filter);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { filter: this.filter, ...super.getConfig() };
  }
}
tf.serialization.registerClass(Upsample2D);

/**
 * 2× down-sampling of images `[batch, h, w, c]` (h, w even) → `[batch, h/2, w/2, c]`: 2×2 average pooling (`'box'`,
 * ProGAN) or the [1, 3, 3, 1] / 8 filter (`'linear'`, StyleGAN2), out[i] = (x[2i−1] + 3x[2i] + 3x[2i+1] + x[2i+2]) / 8
 * along each axis, the edge pixels repeated beyond the border. No weights.
 */
export class Downsample2D extends tfl.layers.Layer {
  /** The name under which the class is registered with `tf.serialization`. */
  static className = 'Downsample2D';
  /** The resampling filter. */
  readonly filter: ResampleFilter;

  /** @param args - see {@link Resample2DArgs}. */
  constructor(args: Resample2DArgs = {}) {
    const filter = checkFilter(args, 'Downsample2D');
    super(args);
    this.filter = filter;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const [h, w] = checkImageShape(inputShape, 'Downsample2D');
    if (h % 2 !== 0 || w % 2 !== 0) {
      throw new Error(`Downsample2D: the input's height and width must be even, but are ${h}×${w}.`);
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [batch = null, h, w, c = null] = inputShape as tfl.Shape;
    return [batch, typeof h === 'number' ? h / 2 : null, typeof w === 'number' ? w / 2 : null, c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return downsample2x((Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D, this.filter);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { filter: this.filter, ...super.getConfig() };
  }
}
tf.serialization.registerClass(Downsample2D);
