import * as tf from '@tensorflow/tfjs-core';
import { FusedAdamOptimizer } from './adam.js';

/**
 * The ε every optimizer gan-kit creates uses: 1e-8, PyTorch's default. TensorFlow.js otherwise takes
 * `tf.backend().epsilon()`, which is 1e-7 on cpu/wasm/tensorflow but 1e-4 on webgl (it reports 16-bit precision even
 * with float32 textures, tensorflow/tfjs#6980), so the same settings would train differently per backend.
 */
export const OPTIMIZER_EPSILON = 1e-8;

/**
 * Adam (Kingma & Ba 2014, arXiv 1412.6980) with an explicit ε = {@link OPTIMIZER_EPSILON}, so it behaves the same on
 * every backend: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − lr·m̂/(√v̂ + ε). On the `wasm` backend with
 * gan-kit's training kernels installed (`installTrainingKernels`, `useFastestBackend`) each weight tensor is updated
 * in one WebAssembly SIMD pass instead of TensorFlow.js's 13 element-wise kernels, with bit-identical results; it is
 * a `tf.AdamOptimizer` everywhere (class name 'Adam', same weights and config), so checkpoints are interchangeable.
 *
 * @param learningRate - lr > 0.
 * @param beta1 - β₁ in [0, 1); DCGAN uses 0.5, WGAN-GP 0.
 * @param beta2 - β₂ in [0, 1). Default 0.999.
 * @example
 * ```ts
 * new AdversarialTrainer(gan, { generatorOptimizer: adam(2e-4, 0.5), discriminatorOptimizer: adam(2e-4, 0.5) });
 * ```
 */
export function adam(learningRate: number, beta1: number, beta2 = 0.999): tf.Optimizer {
  return new FusedAdamOptimizer(learningRate, beta1, beta2, OPTIMIZER_EPSILON);
}

/**
 * RMSProp (Tieleman & Hinton 2012) with decay ρ and an explicit ε = {@link OPTIMIZER_EPSILON}:
 * s ← ρs + (1 − ρ)g², θ ← θ − lr·g/√(s + ε). The optimizer of WGAN (Arjovsky et al. 2017, arXiv 1701.07875).
 *
 * @param learningRate - lr > 0 (WGAN: 5e-5).
 * @param decay - ρ in [0, 1). Default 0.9, TensorFlow's (the WGAN authors' framework).
 */
export function rmsprop(learningRate: number, decay = 0.9): tf.Optimizer {
  return tf.train.rmsprop(learningRate, decay, 0, OPTIMIZER_EPSILON);
}
