// BiGAN / ALI (Donahue et al. 2016, arXiv 1605.09782; Dumoulin et al. 2016, arXiv 1606.00704) as a gan-kit algorithm:
// three networks — an encoder E: x → z, a generator G: z → x and a discriminator D(x, z) on joint pairs — and three
// optimizers. The guide docs/custom-algorithms.md walks through this file.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  adam, nonSaturatingLoss, SeededRandom, trainableVariables, type GanAlgorithm, type GanLoss, type JsonObject, type StepContext,
} from 'gan-kit';

/** The three networks of a BiGAN and the latent size. */
export interface BiGanModels {
  /** G: z `[batch, latentDim]` → x. */
  readonly generator: tfl.LayersModel;
  /** E: x → z `[batch, latentDim]`. */
  readonly encoder: tfl.LayersModel;
  /** D: `[x, z]` → logits `[batch, 1]`. */
  readonly discriminator: tfl.LayersModel;
  readonly latentDim: number;
}

/** What one BiGAN step logs. */
export interface BiGanScalars {
  readonly [name: string]: tf.Scalar;
  /** L_D on real pairs (x, E(x)) and generated pairs (G(z), z). */
  readonly discriminatorLoss: tf.Scalar;
  /** L_{G,E}: the same objective with the pairs' labels swapped. */
  readonly generatorLoss: tf.Scalar;
}

/**
 * Each step, on a real batch x and fresh z ~ N(0, I):
 * 1. update D: minimize L_D(D(x, E(x)), D(G(z), z)) — real pairs against generated pairs;
 * 2. update G and E jointly: minimize the same loss with the pairs' labels swapped, from one gradient.
 */
export class BiGan implements GanAlgorithm<tf.Tensor, BiGanScalars, { readonly seed?: number }> {
  readonly name = 'bigan';
  readonly batchesPerStep = 1;
  readonly networks: Readonly<Record<string, tfl.LayersModel>>;
  readonly optimizers: Readonly<Record<string, tf.Optimizer>>;
  readonly sampleShape: readonly (number | null)[];

  constructor(readonly models: BiGanModels, readonly loss: GanLoss = nonSaturatingLoss(), learningRate = 2e-4) {
    const { generator, encoder, discriminator } = models;
    this.networks = { generator, encoder, discriminator };
    this.optimizers = { generator: adam(learningRate, 0.5), encoder: adam(learningRate, 0.5), discriminator: adam(learningRate, 0.5) };
    this.sampleShape = encoder.inputs[0]!.shape.slice(1);
  }

  trainStep([x]: readonly tf.Tensor[], { random, minimize }: StepContext): BiGanScalars {
    const { generator: G, encoder: E, discriminator: D } = this.models;
    const z = random.normalTensor([x!.shape[0]!, this.models.latentDim]);
    const pairs = () => ({
      realLogits: D.apply([x!, E.apply(x!, { training: true }) as tf.Tensor], { training: true }) as tf.Tensor,
      fakeLogits: D.apply([G.apply(z, { training: true }) as tf.Tensor, z], { training: true }) as tf.Tensor,
    });
    // (1) Update D: real pairs (x, E(x)) against generated pairs (G(z), z).
    const discriminatorLoss = minimize('discriminator', () => this.loss.discriminatorLoss(pairs()) as tf.Scalar, trainableVariables(D));
    // (2) Update G and E together, fooling D: the same objective with the labels swapped.
    const generatorLoss = minimize({ generator: trainableVariables(G), encoder: trainableVariables(E) }, () => {
      const { realLogits, fakeLogits } = pairs();
      return this.loss.discriminatorLoss({ realLogits: fakeLogits, fakeLogits: realLogits }) as tf.Scalar;
    });
    z.dispose();
    return { discriminatorLoss, generatorLoss };
  }

  /** G(z) for z ~ N(0, I), from `seed` when given, else from the trainer's stream. */
  sample(n: number, options: { readonly seed?: number } | undefined, random: SeededRandom): tf.Tensor {
    const stream = options?.seed === undefined ? random : new SeededRandom(options.seed);
    return tf.tidy(() => this.models.generator.apply(stream.normalTensor([n, this.models.latentDim]), { training: false }) as tf.Tensor);
  }

  /** G(E(x)): what the BiGAN makes of real samples after encoding them. */
  reconstruct(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.models.generator.apply(this.models.encoder.apply(x, { training: false }), { training: false }) as tf.Tensor);
  }

  configuration(): JsonObject {
    return { loss: this.loss.name, latentDim: this.models.latentDim };
  }

  dispose(): void {
    for (const optimizer of Object.values(this.optimizers)) optimizer.dispose();
  }
}
