import * as tf from '@tensorflow/tfjs-core';
import { wasmKernelContext } from '../wasm/kernel_module.js';
import type { KernelFunction } from './kernel_scope.js';

/** Name of gan-kit's fused Adam update kernel (see {@link adamUpdateKernel}). */
export const ADAM_UPDATE = 'GanKitAdamUpdate';

/** Attributes of the {@link ADAM_UPDATE} kernel: the optimizer's settings as numbers (each used as a float32). */
export interface AdamUpdateAttrs {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly learningRate: number;
}

/**
 * Adam's update of one weight tensor as one kernel on the `wasm` backend: inputs `value`, `gradient`, `m`, `v`
 * (same shape, float32) and the scalars `oneMinusAccBeta1` = 1 − β₁ᵗ and `oneMinusAccBeta2` = 1 − β₂ᵗ; outputs
 * [value', m', v'] computed in one pass of gan-kit's WebAssembly SIMD code with exactly the float32 operations of
 * `tf.train.adam` (Kingma & Ba 2014, arXiv 1412.6980) — m' = m·β₁ + g·(1−β₁), v' = v·β₂ + g²·(1−β₂),
 * value' = ((m'/c₁)/(√(v'/c₂) + ε))·(−lr) + value — where TensorFlow.js runs 13 element-wise kernels, each a pass
 * over the weights. Returns `undefined` (not installable) when `backend` cannot run gan-kit's WebAssembly code.
 *
 * @param backend - the backend instance the kernel will be registered for.
 */
export function adamUpdateKernel(backend: tf.KernelBackend): KernelFunction | undefined {
  if (wasmKernelContext(backend) === null) return undefined;
  return ({ inputs, backend: running, attrs }) => {
    const context = wasmKernelContext(running);
    const { value, gradient, m, v, oneMinusAccBeta1, oneMinusAccBeta2 } = inputs as Record<string, tf.TensorInfo>;
    const { beta1, beta2, epsilon, learningRate } = attrs as unknown as AdamUpdateAttrs;
    const operands = [value, gradient, m, v];
    const size = value === undefined ? 0 : tf.util.sizeFromShape(value.shape);
    const scalars = [oneMinusAccBeta1, oneMinusAccBeta2];
    const wrong = (t: tf.TensorInfo | undefined, n: number) => t === undefined || t.dtype !== 'float32' || tf.util.sizeFromShape(t.shape) !== n;
    if (context === null || operands.some((t) => wrong(t, size)) || scalars.some((t) => wrong(t, 1))) {
      const seen = [...operands, ...scalars].map((t) => (t === undefined ? 'missing' : `${t.dtype}[${t.shape.join(', ')}]`)).join(', ');
      throw new Error(
        `${ADAM_UPDATE}: needs float32 value, gradient, m and v of one size and float32 scalars oneMinusAccBeta1/2 on a wasm backend; saw ${seen}.`,
      );
    }
    const outputs = [value!, m!, v!].map((t) => context.makeOutput([...t.shape], 'float32'));
    const [valueOut, mOut, vOut] = outputs as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
    const f32 = Math.fround;
    context.kernels.adam(
      context.offsetOf(value!), context.offsetOf(gradient!), context.offsetOf(m!), context.offsetOf(v!),
      context.offsetOf(valueOut), context.offsetOf(mOut), context.offsetOf(vOut), size,
      f32(beta1), f32(1 - beta1), f32(beta2), f32(1 - beta2),
      context.offsetOf(oneMinusAccBeta1!), context.offsetOf(oneMinusAccBeta2!),
      f32(epsilon), f32(-learningRate),
    );
    return outputs;
  };
}
