import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GeneratorRegularizer } from './regularizer.js';
import { resolveRegularizerOptions, type RegularizerOptions } from './regularizer_options.js';

/** Options of {@link orthogonalRegularization}. */
export interface OrthogonalRegularizationOptions {
  /** β, the weight of the penalty, a finite number ≥ 0. Default 1e-4 (Brock et al.'s value). */
  readonly beta?: number;
  /** Layers to leave out (their own kernels and those nested in them): a predicate on each layer visited. Default: none. */
  readonly exclude?: (layer: tfl.layers.Layer) => boolean;
}

/** A kernel the penalty applies to: where it lives, and how to read it as the matrix W `[m, n]` of n filters. */
export interface PenalizedKernel {
  /** The weight's name in the model (`LayerVariable.originalName`, e.g. `'conv2d_1/kernel'`). */
  readonly name: string;
  /** The class of the layer owning it (`'Dense'`, `'Conv2D'`, `'Conv2DTranspose'`, `'SelfAttention'`, with a `SpectralNormalization/` prefix when wrapped). */
  readonly layerClass: string;
  /** The weight as W `[m, n]`: a differentiable read of the variable, columns the n output filters. */
  matrix(): tf.Tensor2D;
}

/** A layer as this module walks it: the members it reads are optional so that any layer fits. */
interface Visited {
  getClassName(): string;
  readonly weights: tfl.LayerVariable[];
  readonly layers?: Visited[];
  readonly layer?: Visited;
}

function ownKernel(layer: Visited): tfl.LayerVariable | undefined {
  return layer.weights.find((w) => w.originalName === 'kernel' || w.originalName.endsWith('/kernel'));
}

/** `kernel` as W [m, n]: the output filters (the last axis; axis 2 of a transposed convolution's kernel) are the columns. */
function asMatrix(kernel: tfl.LayerVariable, transposed: boolean): tf.Tensor2D {
  const value = kernel.read();
  const oriented = transposed ? tf.transpose(value, [0, 1, 3, 2]) : value;
  return tf.reshape(oriented, [-1, oriented.shape[oriented.rank - 1]!]);
}

/**
 * The kernels {@link orthogonalRegularization} penalizes in a model, found by walking its layers (nested models
 * included): the kernel of every `Dense`, `Conv2D` and `Conv2DTranspose` layer, also when wrapped in
 * {@link SpectralNormalization} (the raw kernel W, not W / σ), and the four projection kernels of every
 * {@link SelfAttention}. Biases, batch-normalization parameters, attention's γ and class embeddings
 * ({@link ClassEmbedding}, {@link ClassProjection}, {@link ClassConditionalAffine}) are left out: BigGAN exempts its
 * shared embedding, and the rest are vectors. Layers for which `exclude` returns true are skipped with what they hold.
 */
export function orthogonalRegularizationKernels(model: tfl.LayersModel | tfl.layers.Layer, exclude?: (layer: tfl.layers.Layer) => boolean): PenalizedKernel[] {
  const found: PenalizedKernel[] = [];
  const visit = (layer: Visited, prefix: string): void => {
    if (exclude?.(layer as unknown as tfl.layers.Layer) === true) return;
    const className = layer.getClassName();
    if (Array.isArray(layer.layers)) {
      for (const inner of layer.layers) visit(inner, prefix);
      return;
    }
    if (className === 'SpectralNormalization' && layer.layer !== undefined) {
      visit(layer.layer, `${prefix}SpectralNormalization/`);
      return;
    }
    if (className === 'Dense' || className === 'Conv2D' || className === 'Conv2DTranspose') {
      const kernel = ownKernel(layer);
      if (kernel !== undefined) {
        found.push({ name: kernel.originalName, layerClass: prefix + className, matrix: () => asMatrix(kernel, className === 'Conv2DTranspose') });
      }
      return;
    }
    if (className === 'SelfAttention') {
      for (const kernel of layer.weights.filter((w) => w.originalName.endsWith('_kernel'))) {
        found.push({ name: kernel.originalName, layerClass: prefix + className, matrix: () => asMatrix(kernel, false) });
      }
    }
  };
  visit(model as unknown as Visited, '');
  return found;
}

/**
 * ‖WᵀW ⊙ (1 − I)‖²_F for W `[m, n]`: the squared off-diagonal entries of the filters' Gram matrix, Σ_{i≠j} (w_i · w_j)²,
 * with w_i the i-th column. Zero exactly when the filters are mutually orthogonal; their norms are free.
 */
export function offDiagonalGramPenalty(matrix: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const n = matrix.shape[1];
    const gram = tf.matMul(matrix, matrix, true, false);
    return tf.sum(tf.square(tf.mul(gram, tf.sub(1, tf.eye(n))))) as tf.Scalar;
  });
}

/**
 * BigGAN's orthogonal regularization (Brock, Donahue, Simonyan 2018, "Large Scale GAN Training for High Fidelity
 * Natural Image Synthesis", arXiv:1809.11096, §3.1, eq. 3), the off-diagonal form that leaves the filters' norms
 * free:
 *
 *   R_β = β · Σ_W ‖WᵀW ⊙ (1 − I)‖²_F,
 *
 * summed over the kernels W of {@link orthogonalRegularizationKernels} (each viewed as `[m, n]`, its n output filters
 * as columns), I the n × n identity. It makes a generator amenable to the truncation trick: add it to the
 * generator's loss (BigGAN regularizes G only). The gradient is 4β · W (WᵀW ⊙ (1 − I)) per kernel;
 * BigGAN-PyTorch's hand-written update is 2·strength · W (WᵀW ⊙ (1 − I)), so its `strength` 1e-4 is β = 5e-5 here.
 *
 * @param model - the network (or a layer); its variables are read differentiably, so the penalty can be taken
 *   inside `optimizer.minimize` or `tf.variableGrads`.
 * @param options - β (default 1e-4) and layers to exclude.
 * @returns the scalar R_β (0 for a model without kernels); the caller disposes it.
 * @example
 * ```ts
 * const loss = tf.add(hingeGeneratorLoss({ fakeLogits }), orthogonalRegularization(gan.generator, { beta: 1e-4 }));
 * ```
 */
export function orthogonalRegularization(model: tfl.LayersModel | tfl.layers.Layer, options: OrthogonalRegularizationOptions = {}): tf.Scalar {
  const beta = options.beta ?? 1e-4;
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta < 0) {
    throw new Error(`orthogonalRegularization: options.beta must be a finite number ≥ 0 (BigGAN uses 1e-4), got ${String(beta)}.`);
  }
  const kernels = orthogonalRegularizationKernels(model, options.exclude);
  return tf.tidy(() => {
    const terms = kernels.map((k) => offDiagonalGramPenalty(k.matrix()));
    return tf.mul(beta, terms.length === 0 ? tf.scalar(0) : tf.addN(terms)) as tf.Scalar;
  });
}

/** Options of {@link orthogonalRegularizer}. */
export interface OrthogonalRegularizerOptions extends RegularizerOptions {
  /** β, the penalty's weight in the generator's loss (the trainer's λ). Default 1e-4 (Brock et al.'s value). */
  readonly weight?: number;
  /** Layers to leave out, as for {@link orthogonalRegularization}. Default: none. */
  readonly exclude?: (layer: tfl.layers.Layer) => boolean;
}

/**
 * BigGAN's orthogonal regularization as a generator regularizer, for any trainer: its penalty is
 * Σ_W ‖WᵀW ⊙ (1 − I)‖²_F over the kernels of `generator` ({@link orthogonalRegularization} with β = 1), and the
 * trainer adds weight · penalty to G's loss (Brock et al. 2018, arXiv 1809.11096, §3.1: β = 1e-4). The weight is the
 * trainer's to change (`setRegularizerWeight('orthogonal', β)`, `regularizerWeightSchedule`) and is saved with
 * snapshots and checkpoints; `every: n` applies it every n generator steps only, multiplied by n (lazy
 * regularization). The penalty reads only G's weights, not the step's latents or samples.
 *
 * @param generator - the network whose kernels are penalized: the trainer's generator (the penalty reads its
 *   variables, so it must be the model the trainer updates).
 * @param options - `weight` (β, default 1e-4), `every` (default 1), `exclude`.
 * @returns a {@link GeneratorRegularizer} named `'orthogonal'`.
 * @throws if an option is out of range or `generator` is not a model.
 * @example
 * ```ts
 * const gan = new BigGAN({ imageShape: [32, 32, 3], classes: 10, width: 64 });
 * const trainer = new ConditionalTrainer(gan, { loss: hingeLoss(), regularizers: [orthogonalRegularizer(gan.generator)] });
 * ```
 */
export function orthogonalRegularizer(generator: tfl.LayersModel, options: OrthogonalRegularizerOptions = {}): GeneratorRegularizer {
  if (typeof (generator as Partial<tfl.LayersModel> | undefined)?.getClassName !== 'function') {
    throw new TypeError(`gan-kit orthogonalRegularizer: generator must be the tf.LayersModel the trainer updates (e.g. gan.generator), got ${String(generator)}.`);
  }
  const { weight, every } = resolveRegularizerOptions(options, 1e-4, 'orthogonalRegularizer');
  const penaltyOptions = options.exclude === undefined ? { beta: 1 } : { beta: 1, exclude: options.exclude };
  return {
    name: 'orthogonal',
    role: 'generator',
    weight,
    every,
    penalty: (): tf.Tensor => orthogonalRegularization(generator, penaltyOptions),
  };
}
