import type * as tf from '@tensorflow/tfjs-core';
import { PLAIN_MEMORY_KERNELS, PLAIN_MEMORY_RELAXED_KERNELS, SHARED_MEMORY_KERNELS, SHARED_MEMORY_RELAXED_KERNELS } from './kernel_binary.js';
import { relaxedSimdSupported } from './relaxed_simd.js';

/** What gan-kit reads of a tfjs-backend-wasm backend instance (its emscripten module and heap views). */
interface WasmBackendLike {
  /** The emscripten module: threaded builds expose their (imported) memory as `wasmMemory`, others export it. */
  readonly wasm?: { readonly wasmMemory?: unknown; readonly asm?: { readonly memory?: unknown } };
  typedArrayFromHeap?(info: tf.TensorInfo): ArrayBufferView;
  makeOutput?(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/**
 * gan-kit's own WebAssembly kernels (src/backends/wasm/gan_kit_kernels.wat), instantiated on one wasm backend's
 * memory so that they read and write tensors where the backend keeps them. Pointers are byte offsets in that memory.
 */
export interface GanKitWasmKernels {
  /**
   * One Adam step on n float32 weights, in tf.train.adam's float32 operations: m' = m·β₁ + g·(1−β₁),
   * v' = v·β₂ + (g·g)·(1−β₂), w' = ((m'/c₁)/(√(v'/c₂) + ε))·(−lr) + w, with the scalars c₁ and c₂ read from
   * `c1At` and `c2At`. Outputs must not overlap inputs.
   */
  adam(
    w: number, g: number, m: number, v: number, wOut: number, mOut: number, vOut: number, n: number,
    beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number,
    c1At: number, c2At: number, epsilon: number, negativeLearningRate: number,
  ): void;
  /** dst = srcᵀ for a rows × cols matrix of 4-byte elements; dst must not overlap src. */
  transpose2d(src: number, dst: number, rows: number, cols: number): void;
  /**
   * The patches of a convolution over x [batch, h, w, c] (float32) into out [batch·oh·ow, kh·kw·c]:
   * out[((b·oh + oy)·ow + ox)·kh·kw·c + (ky·kw + kx)·c + ci] = x[b, oy·sh + ky − pt, ox·sw + kx − pl, ci], 0 outside x.
   */
  im2col(
    x: number, out: number, batch: number, h: number, w: number, c: number,
    kh: number, kw: number, sh: number, sw: number, pt: number, pl: number, oh: number, ow: number,
  ): void;
  /**
   * The adjoint of {@link GanKitWasmKernels.im2col}: dx [batch, h, w, c] = 0, then every patch entry of cols
   * [batch·oh·ow, kh·kw·c] is added to the element of dx it was gathered from (entries outside dx are dropped).
   */
  col2im(
    cols: number, dx: number, batch: number, h: number, w: number, c: number,
    kh: number, kw: number, sh: number, sw: number, pt: number, pl: number, oh: number, ow: number,
  ): void;
  /**
   * Batch normalization over the last axis of x (n values, c channels): a[ch] = scale[ch]/√(variance[ch] + ε)
   * (scale 1 without hasScale) into the c floats at `a`, then out[i] = (x[i] − mean[ch])·a[ch] + offset[ch]
   * (offset 0 without hasOffset), ch = i mod c. out may be x.
   */
  batchNorm(
    x: number, mean: number, variance: number, offset: number, scale: number, out: number, a: number,
    n: number, c: number, eps: number, hasOffset: number, hasScale: number,
  ): void;
  /** out = tanh(x) for n float32 values, within 4·10⁻⁷ relative of Math.tanh. out may be x. */
  tanh(x: number, out: number, n: number): void;
  /** out[j] = scale·Σ_i x[i, j] for a rows × cols float32 matrix (rows summed in order). out must not overlap x. */
  columnSum(x: number, out: number, rows: number, cols: number, scale: number): void;
}

/** A backend's kernels and the heap access they need. */
export interface WasmKernelContext {
  readonly kernels: GanKitWasmKernels;
  /** Whether the kernels are the build with relaxed SIMD's fused multiply-add (see {@link kernelBinary}). */
  readonly relaxedSimd: boolean;
  /** Byte offset of a tensor's data in the backend's memory. */
  offsetOf(info: tf.TensorInfo): number;
  /** A new output tensor of the backend (its data uninitialized). */
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

const CONTEXTS = new WeakMap<object, WasmKernelContext | null>();

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Which build of gan-kit's kernels a runtime gets, base64: for a shared (multi-threaded backend) or plain memory, with
 * relaxed SIMD's fused multiply-add where the runtime supports it, else the build that multiplies, then adds.
 */
export function kernelBinary(shared: boolean, relaxed: boolean): string {
  if (shared) return relaxed ? SHARED_MEMORY_RELAXED_KERNELS : SHARED_MEMORY_KERNELS;
  return relaxed ? PLAIN_MEMORY_RELAXED_KERNELS : PLAIN_MEMORY_KERNELS;
}

function instantiate(backend: WasmBackendLike): WasmKernelContext | null {
  const memory = backend.wasm?.wasmMemory ?? backend.wasm?.asm?.memory;
  const typedArrayFromHeap = backend.typedArrayFromHeap?.bind(backend);
  const makeOutput = backend.makeOutput?.bind(backend);
  if (!(memory instanceof WebAssembly.Memory) || typedArrayFromHeap === undefined || makeOutput === undefined) return null;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const relaxedSimd = relaxedSimdSupported();
  const bytes = decode(kernelBinary(shared, relaxedSimd));
  // Without WebAssembly SIMD (or threads, for a shared memory) the module does not validate: no kernels then.
  if (!WebAssembly.validate(bytes)) return null;
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    return {
      kernels: instance.exports as unknown as GanKitWasmKernels,
      relaxedSimd,
      offsetOf: (info) => typedArrayFromHeap(info).byteOffset,
      makeOutput,
    };
  } catch {
    return null;
  }
}

/**
 * gan-kit's WebAssembly kernels for a tfjs-backend-wasm backend instance, instantiated once per instance on its own
 * memory; `null` when `backend` is not a wasm backend or the runtime lacks WebAssembly SIMD.
 *
 * @param backend - a backend instance (what a kernel function receives as `backend`).
 * @internal
 */
export function wasmKernelContext(backend: object): WasmKernelContext | null {
  let context = CONTEXTS.get(backend);
  if (context === undefined) {
    context = instantiate(backend as WasmBackendLike);
    CONTEXTS.set(backend, context);
  }
  return context;
}
