import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** A tfjs-layers BatchNormalization layer as this module uses it: its momentum is read at every training call. */
type BatchNormLayer = tfl.layers.Layer & { momentum: number };

/** The BatchNormalization layers of `model`, nested models included. */
function batchNormLayers(model: tfl.LayersModel): BatchNormLayer[] {
  const found: BatchNormLayer[] = [];
  const visit = (layers: readonly tfl.layers.Layer[]) => {
    for (const layer of layers) {
      if (layer.getClassName() === 'BatchNormalization') found.push(layer as BatchNormLayer);
      const inner = (layer as Partial<tfl.LayersModel>).layers;
      if (Array.isArray(inner)) visit(inner);
    }
  };
  visit(model.layers);
  return found;
}

/**
 * "Standing statistics" (Brock et al. 2019, BigGAN, arXiv 1809.11096, §3.1 and appendix): replaces the moving mean
 * and variance of every BatchNormalization layer of `model` by the average of its batch statistics over `passes`
 * forward passes in training mode,
 *
 *   μ̄ = (1/n) Σᵢ μᵢ,  σ̄² = (1/n) Σᵢ σᵢ²,
 *
 * on the inputs `nextInputs(i)` gives for pass i = 0 … n − 1. Sampling in inference mode then uses statistics of the
 * network as it is. This matters for an averaged (EMA) generator, whose weights differ from the ones its copied
 * moving statistics were collected with, and for a class-conditional generator, whose single-class requests must
 * not be normalized with their own batch statistics (which cancel a label shared by the whole batch). Only the
 * moving statistics change; the weights and each layer's momentum are as before.
 *
 * @param model - the network (usually a generator); a model without BatchNormalization is left unchanged.
 * @param nextInputs - the model's input(s) for pass i, e.g. `[z, labels]` with labels mixing all classes. The tensors
 *   are disposed after the pass.
 * @param passes - n, an integer ≥ 1. Default 100.
 * @returns the number of BatchNormalization layers recalibrated.
 * @throws RangeError when `passes` is not an integer ≥ 1.
 * @example
 * ```ts
 * const random = new SeededRandom(1);
 * standingStatistics(trainer.generatorEma!.model, () => [random.normalTensor([64, 100]), tf.tensor2d(cycleLabels(64, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), [64, 1], 'int32')]);
 * ```
 */
export function standingStatistics(model: tfl.LayersModel, nextInputs: (pass: number) => tf.Tensor | tf.Tensor[], passes = 100): number {
  if (!Number.isInteger(passes) || passes < 1) {
    throw new RangeError(`standingStatistics: passes must be an integer ≥ 1, saw ${String(passes)}.`);
  }
  const layers = batchNormLayers(model);
  if (layers.length === 0) return 0;
  const momenta = layers.map((layer) => layer.momentum);
  try {
    for (let i = 0; i < passes; i++) {
      // With momentum i/(i + 1), moving ← moving·i/(i + 1) + batch/(i + 1): the running mean of the passes so far.
      for (const layer of layers) layer.momentum = i / (i + 1);
      const inputs = nextInputs(i);
      try {
        tf.tidy(() => {
          model.apply(inputs, { training: true });
        });
      } finally {
        tf.dispose(inputs);
      }
    }
  } finally {
    layers.forEach((layer, j) => { layer.momentum = momenta[j]!; });
  }
  return layers.length;
}
