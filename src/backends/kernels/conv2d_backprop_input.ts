import * as tf from '@tensorflow/tfjs-core';
import { wasmKernelContext, type WasmKernelContext } from '../wasm/kernel_module.js';
import { withKernelScope, type KernelFunction, type KernelScope } from './kernel_scope.js';
import { col2im } from './patches.js';

/** How one spatial axis of a transposed convolution maps onto a stride-1 sub-pixel convolution. */
interface SubPixelAxis {
  /** Taps of each sub-filter: ceil(K / s). */
  taps: number;
  /** First and one-past-last row of dy the convolution reads. */
  dyBegin: number;
  dyEnd: number;
  /** Explicit convolution padding before and after the rows read. */
  padBefore: number;
  padAfter: number;
  /** Offset of the first wanted output row inside the depth-to-space result. */
  cropBegin: number;
}

/**
 * Plans one axis. With p the forward padding and i' = i + p = q*s + r, the input gradient is
 * dx[q*s + r - p] = sum over m < M of dy[q - m] * W[m*s + r]   (M = ceil(K / s), W zero beyond K),
 * a stride-1 correlation of dy with the flipped sub-filter W[(M-1-t)*s + r] for each phase r, evaluated for the
 * q that cover the wanted rows: q from floor(p / s) to floor((p + H - 1) / s).
 */
function planAxis(kernel: number, stride: number, padBefore: number, size: number, outSize: number): SubPixelAxis {
  const taps = Math.ceil(kernel / stride);
  const qBegin = Math.floor(padBefore / stride);
  const qEnd = Math.floor((padBefore + size - 1) / stride) + 1;
  const before = taps - 1 - qBegin;
  const after = qEnd - outSize;
  return {
    taps,
    dyBegin: Math.max(-before, 0),
    dyEnd: outSize + Math.min(after, 0),
    padBefore: Math.max(before, 0),
    padAfter: Math.max(after, 0),
    cropBegin: padBefore - qBegin * stride,
  };
}

/**
 * The sub-pixel filters as one Conv2D filter [MH, MW, Co, s*s*Ci]: output channel (rh*s + rw)*Ci + ci of tap
 * (th, tw) holds W[(MH-1-th)*s + rh, (MW-1-tw)*s + rw, ci, co], zero where that row or column is beyond the filter.
 * The filter is small (weights, not activations), so it is rearranged in JavaScript in one pass, which costs less
 * than the pad, flip and transpose kernels it replaces.
 */
function subPixelFilter(scope: KernelScope, filter: tf.TensorInfo, rows: SubPixelAxis, cols: SubPixelAxis, stride: number): tf.TensorInfo {
  const [kh, kw, inChannels, outChannels] = filter.shape as [number, number, number, number];
  const w = scope.backend.readSync(filter.dataId) as Float32Array;
  const phaseChannels = stride * stride * inChannels;
  const out = new Float32Array(rows.taps * cols.taps * outChannels * phaseChannels);
  for (let th = 0; th < rows.taps; th++) {
    for (let rh = 0; rh < stride; rh++) {
      const y = (rows.taps - 1 - th) * stride + rh;
      if (y >= kh) continue;
      for (let tw = 0; tw < cols.taps; tw++) {
        for (let rw = 0; rw < stride; rw++) {
          const x = (cols.taps - 1 - tw) * stride + rw;
          if (x >= kw) continue;
          const source = (y * kw + x) * inChannels * outChannels;
          const target = (th * cols.taps + tw) * outChannels * phaseChannels + (rh * stride + rw) * inChannels;
          for (let ci = 0; ci < inChannels; ci++) {
            for (let co = 0; co < outChannels; co++) {
              out[target + co * phaseChannels + ci] = w[source + ci * outChannels + co] as number;
            }
          }
        }
      }
    }
  }
  return scope.upload(out, [rows.taps, cols.taps, outChannels, phaseChannels]);
}

/**
 * Depth-to-space of the phases: [B, QH, QW, s*s*Ci] -> [B, QH*s, QW*s, Ci], pixel (qh*s + rh, qw*s + rw) taking
 * channel block rh*s + rw. Done as one 4-D transpose of the view [B*QH, QW, s, s*Ci] to [B*QH, s, QW, s*Ci],
 * which moves whole rows where the `wasm` backend's DepthToSpace moves one element at a time.
 */
function interleavePhases(scope: KernelScope, phases: tf.TensorInfo, stride: number, channels: number): tf.TensorInfo {
  const [batch, qh, qw] = phases.shape as [number, number, number, number];
  const view = scope.reshape(phases, [batch * qh, qw, stride, stride * channels]);
  const interleaved = scope.transpose(view, [0, 2, 1, 3]);
  return scope.reshape(interleaved, [batch, qh * stride, qw * stride, channels]);
}

/**
 * The input gradient as col2im(dy·Wᵀ): dy [B·OH·OW, Co] times the filter read as [KH·KW·Ci, Co], transposed, gives one
 * patch row per output position [B·OH·OW, KH·KW·Ci], which gan-kit's WebAssembly adds back into the input positions
 * it was gathered from (see {@link preferPatches} for when). No multiply is spent outside the wanted positions, and a
 * small filter does not become a convolution with only s·s·Ci output channels (4 for a stride-2 layer with
 * one-channel images), a shape that keeps the backend's convolution far from its speed on wide layers.
 */
function inputGradientByPatches(scope: KernelScope, context: WasmKernelContext, dy: tf.TensorInfo, filter: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const columns = info.filterHeight * info.filterWidth * info.inChannels;
  const cols = scope.run(
    'BatchMatMul',
    { a: scope.reshape(dy, [1, rows, info.outChannels]), b: scope.reshape(filter, [1, columns, info.outChannels]) },
    { transposeA: false, transposeB: true },
  );
  return col2im(scope, context, cols, info);
}

/** The most patch values (float32) the product form may hold at once: 2²⁶, 256 MiB. */
const MAX_PATCH_VALUES = 2 ** 26;

/**
 * Whether to compute the input gradient as col2im(dy·Wᵀ) rather than as the sub-pixel convolution: for strided
 * layers, where the sub-pixel convolution computes every phase over the rows any phase needs (8 × 8 positions for
 * 7 × 7 at DCGAN-28's [64, 7, 7, 128] → [64, 14, 14, 64]), and for filters smaller than the outputs (KH·KW·Ci < Co,
 * the image layer); not for stride 1, where the sub-pixel convolution wastes nothing and ran faster on `wasm`; never
 * when the patches would exceed {@link MAX_PATCH_VALUES}. The timings behind the rule are in docs/performance.md
 * ("Convolution gradients through patches").
 */
function preferPatches(info: tf.backend_util.Conv2DInfo): boolean {
  const patchValues = info.batchSize * info.outHeight * info.outWidth * info.filterHeight * info.filterWidth * info.inChannels;
  const strided = info.strideHeight > 1 || info.strideWidth > 1;
  return patchValues <= MAX_PATCH_VALUES && (strided || info.filterHeight * info.filterWidth * info.inChannels < info.outChannels);
}

/**
 * A `Conv2DBackpropInput` kernel (the input gradient of a 2-D convolution, which is also the forward pass of a
 * transposed convolution) built from the backend's own `Conv2D`.
 *
 * A stride-s transposed convolution with a K x K filter equals s*s stride-1 convolutions of dy with ceil(K/s)-tap
 * sub-filters, one per output phase, whose results interleave into the output pixels (sub-pixel convolution, Shi
 * et al. 2016, arXiv:1609.05158). All phases run as one Conv2D with s*s*Ci output channels, followed by a depth-to-space
 * interleave and a crop to the requested input shape; no multiply is spent on inserted zeros, and the work goes to the backend's
 * fast convolution (XNNPACK on `wasm`). For stride 1 this is the plain convolution with the flipped, transposed filter.
 * On `wasm`, strided layers and filters with fewer values per output channel than outputs (KH·KW·Ci < Co: the image
 * layer of a one-channel DCGAN) are done instead as one matrix product followed by col2im (gan-kit's WebAssembly).
 *
 * @param backendName - the backend the kernel is registered for; its Conv2D, Transpose, Slice and Reshape
 *   are used.
 * @param original - the backend's own Conv2DBackpropInput, used for what neither form covers (channels-first layout;
 *   unequal vertical and horizontal strides whose patches would be too large); `undefined` if none.
 * @param patchProducts - whether to use the product and col2im where {@link preferPatches} says so (default); `false`
 *   never (for measuring what it buys: `npm run bench:ab -- --conv-patches`).
 */
export function conv2DBackpropInputKernel(backendName: string, original: KernelFunction | undefined, patchProducts = true): KernelFunction {
  return ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const context = patchProducts && dataFormat !== 'NCHW' && dy.dtype === 'float32' && preferPatches(info) ? wasmKernelContext(backend) : null;
    if (context !== null) {
      return withKernelScope(backend as tf.KernelBackend, backendName, new Map(), (scope) => inputGradientByPatches(scope, context, dy, filter, info));
    }
    if (dataFormat === 'NCHW' || info.strideHeight !== info.strideWidth) {
      if (original === undefined) {
        throw new Error(
          `Conv2DBackpropInput on '${backendName}': needs dataFormat 'NHWC' and equal strides, got dataFormat ` +
            `'${dataFormat}' and strides [${info.strideHeight}, ${info.strideWidth}].`,
        );
      }
      return original({ inputs, backend, attrs: attrs ?? {} });
    }
    const stride = info.strideHeight;
    const rows = planAxis(info.filterHeight, stride, info.padInfo.top, info.inHeight, info.outHeight);
    const cols = planAxis(info.filterWidth, stride, info.padInfo.left, info.inWidth, info.outWidth);
    return withKernelScope(backend as tf.KernelBackend, backendName, new Map(), (scope) => {
      const dyUsed = scope.slice(
        dy,
        [0, rows.dyBegin, cols.dyBegin, 0],
        [info.batchSize, rows.dyEnd - rows.dyBegin, cols.dyEnd - cols.dyBegin, info.outChannels],
      );
      const phases = scope.run(
        'Conv2D',
        { x: dyUsed, filter: subPixelFilter(scope, filter, rows, cols, stride) },
        {
          strides: [1, 1],
          pad: [
            [0, 0],
            [rows.padBefore, rows.padAfter],
            [cols.padBefore, cols.padAfter],
            [0, 0],
          ],
          dataFormat: 'NHWC',
          dilations: [1, 1],
        },
      );
      const pixels = stride === 1 ? phases : interleavePhases(scope, phases, stride, info.inChannels);
      return scope.slice(
        pixels,
        [0, rows.cropBegin, cols.cropBegin, 0],
        [info.batchSize, info.inHeight, info.inWidth, info.inChannels],
      );
    });
  };
}
