// Tiny image-to-image networks for fast tests: the library's builders at toy sizes (seeded, so two builds are
// identical), and hand-set 1×1 models whose outputs are known exactly (for hand-computed losses).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { patchGanDiscriminator } from '../../src/architectures/patch_gan.js';
import { resnetGenerator } from '../../src/architectures/resnet_generator.js';
import { srganDiscriminator } from '../../src/architectures/srgan_discriminator.js';
import { srganGenerator } from '../../src/architectures/srgan_generator.js';
import { unetGenerator } from '../../src/architectures/unet_generator.js';
import type { CycleGanModels } from '../../src/algorithms/cycle_gan.js';
import type { Pix2PixModels } from '../../src/algorithms/pix2pix.js';
import type { SrganModels } from '../../src/algorithms/srgan.js';
import { SeededRandom } from '../../src/utils/random.js';

/** x ↦ scale·x on `[h, w, c]` images: a 1×1 convolution with kernel scale·I and no bias (trainable). */
export function scalingModel(shape: readonly number[], scale: number): tfl.LayersModel {
  const c = shape[2]!;
  const model = tfl.sequential({ layers: [tfl.layers.conv2d({ inputShape: [...shape], filters: c, kernelSize: 1, useBias: false })] });
  model.layers[0]!.setWeights([tf.tidy(() => tf.mul(tf.reshape(tf.eye(c), [1, 1, c, c]), scale))]);
  return model;
}

/** A discriminator whose logits are `value` at every pixel (a 1×1 convolution with zero kernel and bias `value`). */
export function constantCritic(shape: readonly number[], value: number, conditionChannels?: number): tfl.LayersModel {
  const image = tfl.input({ shape: [...shape] });
  const condition = conditionChannels === undefined ? undefined : tfl.input({ shape: [shape[0]!, shape[1]!, conditionChannels] });
  const joined = condition === undefined ? image : tfl.layers.concatenate().apply([image, condition]) as tfl.SymbolicTensor;
  const conv = tfl.layers.conv2d({ filters: 1, kernelSize: 1, kernelInitializer: 'zeros', biasInitializer: tfl.initializers.constant({ value }) });
  return tfl.model({ inputs: condition === undefined ? image : [image, condition], outputs: conv.apply(joined) as tfl.SymbolicTensor });
}

/** A CycleGAN of 8×8×1 images: ResNet generators (width 4, one down-sampling, one block) and PatchGANs (16×16 field). */
export function tinyCycleGanModels(seed = 1): CycleGanModels {
  const generator = (s: number) => resnetGenerator({ imageShape: [8, 8, 1], width: 4, blocks: 1, downsamplings: 1, seed: s });
  const critic = (s: number) => patchGanDiscriminator({ imageShape: [8, 8, 1], layers: 1, width: 4, normalization: 'instance', seed: s });
  return { generatorAB: generator(seed), generatorBA: generator(seed + 1), discriminatorA: critic(seed + 2), discriminatorB: critic(seed + 3) };
}

/** pix2pix on 8×8×1 pairs: a U-Net (width 4, depth 2, batch norm and seeded dropout) and a conditional PatchGAN. */
export function tinyPix2PixModels(seed = 1): Pix2PixModels {
  return {
    generator: unetGenerator({ imageShape: [8, 8, 1], width: 4, depth: 2, seed }),
    discriminator: patchGanDiscriminator({ imageShape: [8, 8, 1], conditionChannels: 1, layers: 1, width: 4, seed: seed + 1 }),
  };
}

/** SRGAN 4×4 → 8×8: SRResNet (width 4, one block, batch norm) and its discriminator (one stage, 8 dense units). */
export function tinySrganModels(seed = 1): SrganModels {
  return {
    generator: srganGenerator({ imageShape: [4, 4, 1], scale: 2, width: 4, blocks: 1, seed }),
    discriminator: srganDiscriminator({ imageShape: [8, 8, 1], width: 4, stages: 1, denseUnits: 8, seed: seed + 1 }),
  };
}

/** `n` images `[n, h, w, c]` in [−1, 1] from a seeded stream (identical on every backend). */
export function tinyImages(n: number, shape: readonly number[], seed: number): tf.Tensor4D {
  return new SeededRandom(seed).uniformTensor([n, ...shape], -1, 1) as tf.Tensor4D;
}

/** Disposes every network of a record of models. */
export function disposeModels(models: object): void {
  for (const model of Object.values(models)) (model as tfl.LayersModel).dispose();
}
