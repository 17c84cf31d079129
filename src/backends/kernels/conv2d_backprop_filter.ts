import * as tf from '@tensorflow/tfjs-core';
import { wasmKernelContext } from '../wasm/kernel_module.js';
import { withKernelScope, type KernelFunction } from './kernel_scope.js';
import { im2col } from './patches.js';

/**
 * Whether the filter gradient is cheaper as patchesᵀ·dy (one matrix product) than as a convolution whose filter is dy:
 * the convolution's fast path (XNNPACK) packs its filter — all of dy, B·OH·OW·Co values — at every call, while the
 * product moves the patches, B·OH·OW·KH·KW·Ci values, and packs only Co columns. DCGAN's first discriminator
 * layer (x [64, 28, 28, 1], 4 × 4 filter, 64 outputs): 16 patch values per output position against 64.
 */
function preferPatches(info: tf.backend_util.Conv2DInfo): boolean {
  return info.filterHeight * info.filterWidth * info.inChannels < info.outChannels;
}

/**
 * A `Conv2DBackpropFilter` kernel (the filter gradient of a 2-D convolution) built from the backend's own `Conv2D`.
 *
 * The filter gradient is itself a convolution:
 * dW[kh, kw, ci, co] = sum over b, oh, ow of x[b, oh*s + kh - padTop, ow*s + kw - padLeft, ci] * dy[b, oh, ow, co].
 * Read with the batch axis b as the channel being reduced, it is a stride-1 convolution of
 * x transposed to [ci, H, W, b] by the filter dy transposed to [OH, OW, b, co], dilated by the forward stride s,
 * with the forward padding on top/left — its output [ci, KH, KW, co] transposed back is dW. The heavy work is a single
 * call of the backend's fast convolution (XNNPACK on `wasm`), so it gains whatever threads that convolution has.
 * Rows and columns of x that no output reads (a 'valid' convolution whose stride does not divide the input) are cut
 * off first. On `wasm`, when a filter has fewer values per output channel than dy has channels (KH·KW·Ci < Co, as in
 * a first layer on one-channel images), the gradient is computed instead as patchesᵀ·dy, one matrix product of the
 * im2col patches of x [B·OH·OW, KH·KW·Ci] (gathered by gan-kit's WebAssembly) and dy [B·OH·OW, Co].
 *
 * @param backendName - the backend the kernel is registered for; its Conv2D, Transpose, Slice and Reshape are used,
 *   and for the product form BatchMatMul.
 * @param original - the backend's own Conv2DBackpropFilter, used for the channels-first layout; `undefined` if none.
 * @param patchProducts - whether to use the product of patches where it is cheaper (default); `false` always takes
 *   the convolution (for measuring what the product form buys: `npm run bench:ab -- --conv-patches`).
 */
export function conv2DBackpropFilterKernel(backendName: string, original: KernelFunction | undefined, patchProducts = true): KernelFunction {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (dataFormat === 'NCHW') {
      if (original === undefined) {
        throw new Error(
          `Conv2DBackpropFilter on '${backendName}': dataFormat 'NCHW' is not supported; use 'NHWC' (channels last).`,
        );
      }
      return original({ inputs, backend, attrs: attrs ?? {} });
    }
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    return withKernelScope(backend as tf.KernelBackend, backendName, new Map(), (scope) => {
      const context = patchProducts && preferPatches(info) && x.dtype === 'float32' ? wasmKernelContext(backend) : null;
      if (context !== null) {
        const rows = info.batchSize * info.outHeight * info.outWidth;
        const columns = info.filterHeight * info.filterWidth * info.inChannels;
        const product = scope.run(
          'BatchMatMul',
          { a: scope.reshape(im2col(scope, context, x, info), [1, rows, columns]), b: scope.reshape(dy, [1, rows, info.outChannels]) },
          { transposeA: true, transposeB: false },
        );
        return scope.reshape(product, [...filterShape]);
      }
      const [, height, width] = x.shape as [number, number, number, number];
      const [outHeight, outWidth] = [info.outHeight, info.outWidth];
      const span = (out: number, stride: number) => (out - 1) * stride + 1;
      // Padding after the input that makes the output exactly KH x KW; negative means rows to cut off instead.
      const padBottom = info.filterHeight - 1 + span(outHeight, info.strideHeight) - height - info.padInfo.top;
      const padRight = info.filterWidth - 1 + span(outWidth, info.strideWidth) - width - info.padInfo.left;
      const xT = scope.transpose(x, [3, 1, 2, 0]);
      const xUsed = scope.slice(
        xT,
        [0, 0, 0, 0],
        [info.inChannels, height + Math.min(padBottom, 0), width + Math.min(padRight, 0), info.batchSize],
      );
      const dyT = scope.transpose(dy, [1, 2, 0, 3]);
      const grad = scope.run(
        'Conv2D',
        { x: xUsed, filter: dyT },
        {
          strides: [1, 1],
          pad: [
            [0, 0],
            [info.padInfo.top, Math.max(padBottom, 0)],
            [info.padInfo.left, Math.max(padRight, 0)],
            [0, 0],
          ],
          dataFormat: 'NHWC',
          dilations: [info.strideHeight, info.strideWidth],
        },
      );
      return scope.transpose(grad, [1, 2, 0, 3]);
    });
  };
}
