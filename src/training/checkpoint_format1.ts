import type { JsonObject, JsonValue } from './json.js';
import type { OptimizerConfiguration, RegularizerConfiguration, TrainerConfiguration } from './trainer_state.js';

/**
 * The configuration of a checkpoint of format version 1 in today's form. Format 1 was written when gan-kit trained
 * exactly one GAN: an unconditional one (`AdversarialTrainer`) or, with a `conditional` entry, a conditional one, with
 * `generatorOptimizer` and `discriminatorOptimizer` and discriminator regularizers; it becomes the configuration of
 * the algorithm `unconditional-gan` or `conditional-gan` with the optimizers `generator` and `discriminator`.
 */
export function configurationFromFormat1(v1: Readonly<Record<string, unknown>>): TrainerConfiguration {
  const { loss, discriminatorSteps, weightClip, regularizers, generatorOptimizer, discriminatorOptimizer, ema, conditional } = v1;
  if (!Array.isArray(regularizers) || generatorOptimizer === undefined || discriminatorOptimizer === undefined) {
    throw new Error('trainer.json (format 1) lacks the regularizers or the optimizers of its configuration');
  }
  const settings: Record<string, JsonValue> = { loss: loss as JsonValue, discriminatorSteps: discriminatorSteps as JsonValue, weightClip: weightClip as JsonValue };
  if (ema !== undefined) settings['ema'] = ema as JsonValue;
  if (conditional !== undefined) settings['conditional'] = conditional as JsonValue;
  return {
    algorithm: conditional === undefined ? 'unconditional-gan' : 'conditional-gan',
    settings: settings as JsonObject,
    optimizers: { generator: generatorOptimizer as OptimizerConfiguration, discriminator: discriminatorOptimizer as OptimizerConfiguration },
    regularizers: (regularizers as { name: string; weight: number; every: number }[])
      .map(({ name, weight, every }): RegularizerConfiguration => ({ name, role: 'discriminator', weight, every })),
  };
}
