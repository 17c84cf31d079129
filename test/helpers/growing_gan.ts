// A GAN algorithm whose networks grow at a step boundary, as progressive growing does: at step `growAt` the
// generator and the discriminator get a hidden layer more (the shared layers keep their trained weights) and fresh
// optimizers. Its stage is its state, so a snapshot taken after the growth restores into a fresh algorithm.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { adam } from '../../src/optimizers/optimizers.js';
import { trainableVariables } from '../../src/training/checked_update.js';
import type { GanAlgorithm, StepContext } from '../../src/training/gan_algorithm.js';
import type { JsonObject, JsonValue } from '../../src/training/json.js';
import { SeededRandom } from '../../src/utils/random.js';

const init = (seed: number) => tfl.initializers.randomNormal({ mean: 0, stddev: 0.4, seed });

/** An MLP 2 → 8 (→ 8 at stage 1) → `out`; layer i's initial weights depend only on (role, i). */
function mlp(stage: number, out: number, role: number): tfl.LayersModel {
  const layers = [tfl.layers.dense({ inputShape: [2], units: 8, activation: 'tanh', kernelInitializer: init(role + 1) })];
  if (stage >= 1) layers.push(tfl.layers.dense({ units: 8, activation: 'tanh', kernelInitializer: init(role + 2) }));
  layers.push(tfl.layers.dense({ units: out, kernelInitializer: init(role + 3) }));
  return tfl.sequential({ layers });
}

export interface GrowingScalars {
  readonly [name: string]: tf.Scalar;
  readonly discriminatorLoss: tf.Scalar;
  readonly generatorLoss: tf.Scalar;
}

export class GrowingGan implements GanAlgorithm<tf.Tensor, GrowingScalars, { readonly seed?: number }> {
  readonly name = 'growing-gan';
  readonly batchesPerStep = 1;
  readonly sampleShape = [2];
  stage = 0;
  private generator!: tfl.LayersModel;
  private discriminator!: tfl.LayersModel;
  private generatorOptimizer!: tf.Optimizer;
  private discriminatorOptimizer!: tf.Optimizer;

  constructor(readonly growAt: number) {
    this.build(0);
  }

  get networks(): Readonly<Record<string, tfl.LayersModel>> {
    return { generator: this.generator, discriminator: this.discriminator };
  }

  get optimizers(): Readonly<Record<string, tf.Optimizer>> {
    return { generator: this.generatorOptimizer, discriminator: this.discriminatorOptimizer };
  }

  /** Builds both networks at `stage`, copying the first layer's weights from the networks it replaces. */
  private build(stage: number): void {
    const previous = this.generator === undefined ? undefined : [this.generator, this.discriminator] as const;
    const generator = mlp(stage, 2, 10);
    const discriminator = mlp(stage, 1, 20);
    if (previous !== undefined) {
      generator.layers[0]!.setWeights(previous[0].layers[0]!.getWeights());
      discriminator.layers[0]!.setWeights(previous[1].layers[0]!.getWeights());
      previous.forEach((m) => m.dispose());
      this.generatorOptimizer.dispose();
      this.discriminatorOptimizer.dispose();
    }
    this.generator = generator;
    this.discriminator = discriminator;
    this.generatorOptimizer = adam(1e-2, 0.5);
    this.discriminatorOptimizer = adam(1e-2, 0.5);
    this.stage = stage;
  }

  beforeStep(step: number): void {
    if (step === this.growAt && this.stage === 0) this.build(1);
  }

  state(): JsonValue {
    return { stage: this.stage };
  }

  restoreState(state: JsonValue): void {
    const stage = (state as { stage?: number } | null)?.stage ?? 0;
    if (stage !== this.stage) this.build(stage);
  }

  trainStep([x]: readonly tf.Tensor[], { random, minimize }: StepContext): GrowingScalars {
    const n = x!.shape[0]!;
    const z = random.normalTensor([n, 2]);
    const D = (input: tf.Tensor) => this.discriminator.apply(input, { training: true }) as tf.Tensor;
    const G = () => this.generator.apply(z, { training: true }) as tf.Tensor;
    const discriminatorLoss = minimize('discriminator', () => tf.add(tf.mean(tf.softplus(tf.neg(D(x!)))), tf.mean(tf.softplus(D(G())))) as tf.Scalar, trainableVariables(this.discriminator));
    const generatorLoss = minimize('generator', () => tf.mean(tf.softplus(tf.neg(D(G())))) as tf.Scalar, trainableVariables(this.generator));
    z.dispose();
    return { discriminatorLoss, generatorLoss };
  }

  sample(n: number, options: { readonly seed?: number } | undefined, random: SeededRandom): tf.Tensor {
    const stream = options?.seed === undefined ? random : new SeededRandom(options.seed);
    return tf.tidy(() => this.generator.apply(stream.normalTensor([n, 2])) as tf.Tensor);
  }

  configuration(): JsonObject {
    return { growAt: this.growAt };
  }

  dispose(): void {
    [this.generator, this.discriminator].forEach((m) => m.dispose());
    [this.generatorOptimizer, this.discriminatorOptimizer].forEach((o) => o.dispose());
  }
}
