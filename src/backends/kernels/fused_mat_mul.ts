import type * as tf from '@tensorflow/tfjs-core';
import { planProduct } from './batch_mat_mul.js';
import { withKernelScope, type KernelFunction } from './kernel_scope.js';

/** The activations a `_FusedMatMul` may carry, by the kernel that applies each on its own. */
const ACTIVATION_KERNELS: Readonly<Record<string, string | null>> = {
  linear: null,
  relu: 'Relu',
  relu6: 'Relu6',
  elu: 'Elu',
  sigmoid: 'Sigmoid',
  leakyrelu: 'LeakyRelu',
  prelu: 'Prelu',
};

/**
 * A `_FusedMatMul` (a dense layer's forward pass: act(op(A)·op(B) + bias)) for the `wasm` backend that, for a weight
 * matrix B it has not seen before, computes the product through the registered `BatchMatMul` — gan-kit's, which
 * packs the smaller operand (see {@link planProduct}) — then adds the bias and applies the activation with the
 * backend's own kernels. XNNPACK's fused operator packs B on one thread and caches the packed copy per tensor; in
 * training B is a new tensor at every step, so each call pays the packing and gains nothing from the cache. An untransposed B seen before (inference with fixed weights) goes to the backend's
 * fused kernel, which packs it once and reuses it; so do products whose plan is the backend's own (see
 * {@link planProduct}). Transposed operands never do: tfjs-backend-wasm 4.22's fused kernel adds the bias wrongly
 * when B is transposed (rows after the first get the last bias entry: a 2 × 3 · (4 × 3)ᵀ product with bias
 * [10, 20, 30, 40] gives [44, 45, 46, 55] as its second row instead of [14, 25, 36, 55]), and this kernel gives the
 * right values. Values agree with the cpu backend's up to float32 rounding.
 *
 * @param backendName - the backend the kernel is registered for; its BatchMatMul, Add and activation kernels are used.
 * @param original - the backend's own `_FusedMatMul`.
 */
export function fusedMatMulKernel(backendName: string, original: KernelFunction): KernelFunction {
  const overrides = new Map([['_FusedMatMul', original]]);
  const seen = new WeakSet<object>();
  return ({ inputs, backend, attrs }) => {
    const { a, b, bias, preluActivationWeights } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
    const { transposeA, transposeB, activation, leakyreluAlpha } = attrs as unknown as tf._FusedMatMulAttrs;
    const activationKernel = ACTIVATION_KERNELS[activation];
    const weights = b.dataId as object;
    const plain = !transposeA && !transposeB;
    const repeated = seen.has(weights) && plain;
    seen.add(weights);
    // Transposed operands never reach the backend's fused kernel (its bias bug, above), batched ones included.
    if (activationKernel === undefined || (plain && (repeated || planProduct(a, b, false, false) === 'original'))) {
      return original({ inputs, backend, attrs: attrs ?? {} });
    }
    return withKernelScope(backend as tf.KernelBackend, backendName, overrides, (scope) => {
      let y = scope.run('BatchMatMul', { a, b }, { transposeA, transposeB });
      if (bias != null) y = scope.run('Add', { a: y, b: bias });
      if (activationKernel === 'LeakyRelu') return scope.run(activationKernel, { x: y }, { alpha: leakyreluAlpha ?? 0.2 });
      if (activationKernel === 'Prelu') return scope.run(activationKernel, { x: y, alpha: preluActivationWeights! });
      return activationKernel === null ? y : scope.run(activationKernel, { x: y });
    });
  };
}
