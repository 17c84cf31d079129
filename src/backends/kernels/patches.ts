import type * as tf from '@tensorflow/tfjs-core';
import type { WasmKernelContext } from '../wasm/kernel_module.js';
import type { KernelScope } from './kernel_scope.js';

/** The geometry arguments of gan-kit's `im2col` / `col2im`, in their order, for a convolution's info. */
function geometry(info: tf.backend_util.Conv2DInfo): [number, number, number, number, number, number, number, number, number, number, number, number] {
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.filterHeight, info.filterWidth,
    info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left, info.outHeight, info.outWidth,
  ];
}

/**
 * The patches of the convolution `info` over x [B, H, W, Ci] (im2col), gathered by gan-kit's WebAssembly into a new
 * temporary of `scope`: [B·OH·OW, KH·KW·Ci] with column (kh·KW + kw)·Ci + ci holding
 * x[b, oh·s + kh − padTop, ow·s + kw − padLeft, ci] (zero outside x) — the layout of a filter [KH, KW, Ci, Co] read
 * as a [KH·KW·Ci, Co] matrix.
 */
export function im2col(scope: KernelScope, context: WasmKernelContext, x: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const out = scope.track(context.makeOutput([info.batchSize * info.outHeight * info.outWidth, info.filterHeight * info.filterWidth * info.inChannels], 'float32'));
  context.kernels.im2col(context.offsetOf(x), context.offsetOf(out), ...geometry(info));
  return out;
}

/**
 * The adjoint of {@link im2col}: a new temporary of `scope` shaped like the convolution's input [B, H, W, Ci], zero,
 * plus every entry of `cols` [B·OH·OW, KH·KW·Ci] added at the input position it would have been gathered from.
 */
export function col2im(scope: KernelScope, context: WasmKernelContext, cols: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const out = scope.track(context.makeOutput([info.batchSize, info.inHeight, info.inWidth, info.inChannels], 'float32'));
  context.kernels.col2im(context.offsetOf(cols), context.offsetOf(out), ...geometry(info));
  return out;
}
