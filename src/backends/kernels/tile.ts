import * as tf from '@tensorflow/tfjs-core';
import { withKernelScope, type KernelFunction } from './kernel_scope.js';

/** Most axes the broadcasting Add handles on `wasm` (XNNPACK's limit). */
const MAX_BROADCAST_RANK = 6;

/** One axis of the tiled result: `size` elements, either repeating the input (`broadcast`) or walking it. */
interface TiledAxis {
  size: number;
  broadcast: boolean;
}

/**
 * Writes tile(x, reps) as a broadcast: along axis i the output index is rep*d_i + j, so the output is the view
 * [r_0, d_0, r_1, d_1, ...] of x broadcast from [1, d_0, 1, d_1, ...]. Axes of size 1 are dropped and neighbours of
 * the same kind merged, which turns the tiles tfjs makes in gradients (a [1, 1, 1, C] row to [N, H, W, C]) into a
 * two-axis broadcast.
 */
function tiledAxes(shape: readonly number[], reps: readonly number[]): TiledAxis[] {
  const axes: TiledAxis[] = [];
  shape.forEach((size, i) => {
    for (const axis of [{ size: reps[i] ?? 1, broadcast: true }, { size, broadcast: false }]) {
      if (axis.size === 1) continue;
      const last = axes[axes.length - 1];
      if (last !== undefined && last.broadcast === axis.broadcast) last.size *= axis.size;
      else axes.push({ ...axis });
    }
  });
  return axes;
}

/**
 * A `Tile` kernel computed as zeros + x with broadcasting: the backend's `Fill` and broadcasting `Add` (XNNPACK on
 * `wasm`), instead of `wasm`'s element-by-element Tile. out[i_0, ..., i_n] = x[i_0 mod d_0, ..., i_n mod d_n].
 *
 * @param backendName - the backend the kernel is registered for; its Fill, Add and Reshape are used.
 * @param original - the backend's own Tile, used for non-float32 tensors and tilings needing more than six axes.
 */
export function tileKernel(backendName: string, original: KernelFunction): KernelFunction {
  return ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const { reps } = attrs as unknown as tf.TileAttrs;
    const axes = tiledAxes(x.shape, reps);
    if (x.dtype !== 'float32' || axes.length > MAX_BROADCAST_RANK) {
      return original({ inputs, backend, attrs: attrs ?? {} });
    }
    const outShape = x.shape.map((size, i) => size * (reps[i] ?? 1));
    return withKernelScope(backend as tf.KernelBackend, backendName, new Map(), (scope) => {
      if (axes.every((axis) => !axis.broadcast)) return scope.reshape(x, outShape);
      const sizes = axes.map((axis) => axis.size);
      const zeros = scope.run('Fill', {}, { shape: sizes, value: 0, dtype: 'float32' });
      const view = scope.reshape(x, axes.map((axis) => (axis.broadcast ? 1 : axis.size)));
      return scope.reshape(scope.run('Add', { a: zeros, b: view }), outShape);
    });
  };
}
