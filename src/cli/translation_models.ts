import {
  CycleGanTrainer, Pix2PixTrainer, SrganTrainer, adam, patchGanDiscriminator, resnetGenerator, srganDiscriminator, srganGenerator, unetGenerator,
} from '../index.js';
import { plainLoss, TRANSLATION_LOSSES } from './run_config.js';
import type { RunConfig } from './train_settings.js';

/** The trainer of an image-to-image run. */
export type TranslationTrainer = CycleGanTrainer | Pix2PixTrainer | SrganTrainer;

/**
 * Images up to this side get the small networks tuned on the 28×28 MNIST tasks (see docs/image-to-image.md); larger
 * ones the papers' networks.
 */
const SMALL_SIDE = 32;

/** A run's Adam: its `--lr`, `--beta1`, `--beta2`, else the paper's rate and β₁ (and β₂ 0.999). */
function runAdam(config: RunConfig, learningRate: number, beta1: number): ReturnType<typeof adam> {
  return adam(config.learningRate ?? learningRate, config.beta1 ?? beta1, config.beta2 ?? 0.999);
}

/** PatchGAN stride-2 layers by image side: 16×16 patches for small images, 34×34 up to 64, the paper's 70×70 beyond. */
function patchLayers(side: number): number {
  return side <= SMALL_SIDE ? 1 : side < 128 ? 2 : 3;
}

/**
 * The networks and trainer of an image-to-image run, for images `a` (inputs, or domain A) and `b` (targets, or domain
 * B) of the given shapes `[h, w, c]`. Small images (side ≤ 32) get the networks of the MNIST examples; larger ones the
 * papers': CycleGAN's ResNet generator (64 filters, 6 blocks, 9 from 256×256) and 70×70 PatchGAN, pix2pix's U-Net and
 * PatchGAN, SRResNet (64 filters, 16 blocks) and SRGAN's discriminator. Seeds `seed`, `seed + 1`, … in network order.
 * A builder's complaint about the shapes is thrown as it is (the caller words it for the flags).
 */
export function buildTranslationTrainer(config: RunConfig, shapes: { readonly a: readonly number[]; readonly b: readonly number[] }): TranslationTrainer {
  const { seed } = config;
  const loss = plainLoss(config.loss as (typeof TRANSLATION_LOSSES)[number]);
  const side = Math.max(shapes.b[0]!, shapes.b[1]!);
  const small = side <= SMALL_SIDE;
  if (config.model === 'cyclegan') {
    const generator = (s: number, input: readonly number[], output: readonly number[]) => resnetGenerator({
      imageShape: input, outputChannels: output[2]!, width: small ? 8 : 64, blocks: small ? 2 : side >= 256 ? 9 : 6, seed: s,
    });
    const critic = (s: number, shape: readonly number[]) => patchGanDiscriminator({ imageShape: shape, layers: patchLayers(side), width: small ? 32 : 64, normalization: 'instance', seed: s });
    const models = {
      generatorAB: generator(seed, shapes.a, shapes.b), generatorBA: generator(seed + 1, shapes.b, shapes.a),
      discriminatorA: critic(seed + 2, shapes.a), discriminatorB: critic(seed + 3, shapes.b),
    };
    return new CycleGanTrainer(models, {
      loss, seed, identityWeight: shapes.a.join() === shapes.b.join() ? 0.5 : 0,
      generatorOptimizer: runAdam(config, 2e-4, 0.5), discriminatorOptimizer: runAdam(config, 2e-4, 0.5),
    });
  }
  if (config.model === 'pix2pix') {
    const models = {
      generator: unetGenerator({ imageShape: shapes.a, outputChannels: shapes.b[2]!, width: small ? 32 : 64, seed }),
      discriminator: patchGanDiscriminator({ imageShape: shapes.b, conditionChannels: shapes.a[2]!, layers: patchLayers(side), width: small ? 32 : 64, seed: seed + 1 }),
    };
    return new Pix2PixTrainer(models, { loss, seed, generatorOptimizer: runAdam(config, 2e-4, 0.5), discriminatorOptimizer: runAdam(config, 2e-4, 0.5) });
  }
  const models = {
    generator: srganGenerator({ imageShape: shapes.a, scale: config.scale ?? 2, width: small ? 32 : 64, blocks: small ? 4 : 16, seed }),
    discriminator: srganDiscriminator({ imageShape: shapes.b, width: small ? 32 : 64, stages: small ? 2 : 4, denseUnits: small ? 128 : 1024, seed: seed + 1 }),
  };
  return new SrganTrainer(models, {
    loss, seed, pretrainSteps: config.pretrainSteps ?? Math.floor(config.steps / 2),
    generatorOptimizer: runAdam(config, 1e-4, 0.9), discriminatorOptimizer: runAdam(config, 1e-4, 0.9),
  });
}
