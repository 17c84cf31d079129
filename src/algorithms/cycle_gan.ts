import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ImageHistoryPool, type ImageHistoryPoolState } from '../data/image_history_pool.js';
import { cycleConsistencyLoss } from '../losses/cycle_consistency.js';
import type { GanLoss } from '../losses/gan_loss.js';
import { identityLoss } from '../losses/identity.js';
import { leastSquaresLoss } from '../losses/least_squares.js';
import { adam } from '../optimizers/optimizers.js';
import { OwnedOptimizers } from '../training/owned_optimizers.js';
import { trainableVariables } from '../training/checked_update.js';
import type { Batch, SampleShape } from '../training/data_source.js';
import type { GanAlgorithm, StepContext } from '../training/gan_algorithm.js';
import type { JsonObject, JsonValue } from '../training/json.js';
import {
  applyGenerator, checkGanLoss, checkModel, checkScalar, checkWeight, describeSampleShape, flatLogits, imagePair, sameSampleShape,
  sampleTranslations, shapeOf, type TranslateOptions, type TranslationSampleOptions,
} from './image_to_image.js';

/** The four networks of a CycleGAN. Any models of these shapes work; `resnetGenerator` and `patchGanDiscriminator` build the paper's. */
export interface CycleGanModels {
  /** G: A → B, images `[batch, …A]` → `[batch, …B]`. */
  readonly generatorAB: tfl.LayersModel;
  /** F: B → A, images `[batch, …B]` → `[batch, …A]`. */
  readonly generatorBA: tfl.LayersModel;
  /** D_A: judges images of domain A; returns logits, one per image `[batch, 1]` or per patch `[batch, h', w', 1]`. */
  readonly discriminatorA: tfl.LayersModel;
  /** D_B: judges images of domain B; logits as D_A's. */
  readonly discriminatorB: tfl.LayersModel;
}

/** Which way a CycleGAN translates: A → B with G, B → A with F. */
export type TranslationDirection = 'a2b' | 'b2a';

/** Options of {@link CycleGan}; every field is optional and the defaults are the paper's. */
export interface CycleGanOptions {
  /**
   * The adversarial objective of both pairs (G, D_B) and (F, D_A). Default {@link leastSquaresLoss}() (Mao et al.
   * 2017, arXiv 1611.04076), the paper's choice. Any `GanLoss` works.
   */
  readonly loss?: GanLoss;
  /**
   * The weight of each generator's adversarial term, a number ≥ 0. Default 2: gan-kit's least-squares generator loss
   * is Mao et al.'s ½·mean (D(G(x)) − 1)², and the paper's term (and its reference code's) is mean (D(G(x)) − 1)².
   * Set 1 with a loss whose generator term already is the reference's (non-saturating: the reference's `vanilla`).
   */
  readonly adversarialWeight?: number;
  /** λ_cyc, the weight of the cycle-consistency terms, a number ≥ 0. Default 10 (the paper's). */
  readonly cycleWeight?: number;
  /**
   * The weight of the identity terms as a fraction of λ_cyc, a number ≥ 0 (the reference code's `lambda_identity`):
   * each is weighted identityWeight · λ_cyc. Default 0.5 (the paper's, section 5.2). 0 turns them off, which
   * domains of different shapes require (G must accept images of B for the term G(b) ≈ b).
   */
  readonly identityWeight?: number;
  /** Generated images each discriminator's {@link ImageHistoryPool} keeps, an integer ≥ 0 (0: no pool). Default 50. */
  readonly poolSize?: number;
  /** The optimizer of both generators. Default `adam(2e-4, 0.5)` (the paper's). */
  readonly generatorOptimizer?: tf.Optimizer;
  /** The optimizer of both discriminators. Default `adam(2e-4, 0.5)`. */
  readonly discriminatorOptimizer?: tf.Optimizer;
}

/** Options of {@link CycleGan.sample}: the images to translate and the direction. */
export interface CycleGanSampleOptions extends TranslationSampleOptions {
  /** `'a2b'` (default): G(x) for images x of A; `'b2a'`: F(y) for images y of B. */
  readonly direction?: TranslationDirection;
}

/** The scalars of one CycleGAN step. */
export interface CycleGanScalars {
  readonly [name: string]: tf.Scalar;
  /** The generators' total loss: adversarialWeight·adversarialLoss + λ_cyc·cycleLoss + identityWeight·λ_cyc·identityLoss. */
  readonly generatorLoss: tf.Scalar;
  /** L_D(D_A) + L_D(D_B), on real images and the pools' generated ones. */
  readonly discriminatorLoss: tf.Scalar;
  /** L_G(D_B(G(a))) + L_G(D_A(F(b))), unweighted. */
  readonly adversarialLoss: tf.Scalar;
  /** mean |F(G(a)) − a| + mean |G(F(b)) − b|, unweighted. */
  readonly cycleLoss: tf.Scalar;
  /** mean |G(b) − b| + mean |F(a) − a|, unweighted; 0 when the identity weight is 0 (the terms are then not computed). */
  readonly identityLoss: tf.Scalar;
}

/** The JSON state of a CycleGAN: its two pools' counts (the images are the variables `pool-a` and `pool-b`). */
export interface CycleGanState {
  /** The pool of generated A images, for D_A, and of generated B images, for D_B. */
  readonly pools: {
    /** The pool of generated A images (for D_A). */
    readonly a: ImageHistoryPoolState;
    /** The pool of generated B images (for D_B). */
    readonly b: ImageHistoryPoolState;
  };
}

function fixedImageShape(shape: SampleShape, what: string, caller: string): number[] {
  if (shape.length !== 3 || shape.some((d) => d === null)) {
    throw new Error(`${caller}: ${what} must have a fixed image shape [height, width, channels] (the image pools need it), saw ${describeSampleShape(shape)}.`);
  }
  return shape as number[];
}

/**
 * CycleGAN (Zhu, Park, Isola & Efros 2017, "Unpaired Image-to-Image Translation using Cycle-Consistent Adversarial
 * Networks", arXiv 1703.10593): two generators G: A → B and F: B → A, two discriminators D_A and D_B, trained on
 * unpaired images of the two domains. Each step, on a batch a of A and an unrelated batch b of B:
 *
 * 1. update G and F together (one gradient, one optimizer), minimizing
 *    L = w·[L_G(D_B(G(a))) + L_G(D_A(F(b)))]                       (adversarial; least squares: mean (D(·) − 1)²)
 *      + λ·[mean |F(G(a)) − a| + mean |G(F(b)) − b|]               (cycle consistency, λ = 10)
 *      + μ·λ·[mean |G(b) − b| + mean |F(a) − a|]                   (identity, μ = 0.5);
 * 2. update D_B and D_A together, minimizing L_D(D_B(b), D_B(pool_B(G(a)))) + L_D(D_A(a), D_A(pool_A(F(b)))), where
 *    the {@link ImageHistoryPool}s (Shrivastava et al. 2017, arXiv 1612.07828; 50 images each) return a mix of this
 *    step's generated images and earlier ones. With least squares, L_D = ½·mean (D(y) − 1)² + ½·mean D(ỹ)², the
 *    reference code's halved discriminator objective.
 *
 * This is the reference code's order (G's step, then D's on the images G made before its update). Every network runs
 * in training mode. A PatchGAN's logit map counts each patch as a sample. The pools draw from the trainer's random
 * stream and their images are the algorithm's variables (`pool-a`, `pool-b`), their counts its state, so checkpoints
 * resume exactly. The networks are `generator-ab`, `generator-ba`, `discriminator-a` and `discriminator-b`; the
 * optimizers `generators` and `discriminators`. The batches are records `{ a, b }`: `unpaired({ a, b })` (or paired
 * data, whose pairing is then ignored).
 *
 * @example
 * ```ts
 * const models = {
 *   generatorAB: resnetGenerator({ imageShape: [28, 28, 1], width: 16, blocks: 3, seed: 1 }),
 *   generatorBA: resnetGenerator({ imageShape: [28, 28, 1], width: 16, blocks: 3, seed: 2 }),
 *   discriminatorA: patchGanDiscriminator({ imageShape: [28, 28, 1], layers: 1, width: 32, normalization: 'instance', seed: 3 }),
 *   discriminatorB: patchGanDiscriminator({ imageShape: [28, 28, 1], layers: 1, width: 32, normalization: 'instance', seed: 4 }),
 * };
 * const trainer = new GanTrainer(new CycleGan(models), { seed: 1 });
 * await trainer.fit(unpaired({ a: thin, b: thick }), { steps: 2000, batchSize: 16 });
 * ```
 */
export class CycleGan implements GanAlgorithm<Batch, CycleGanScalars, CycleGanSampleOptions> {
  readonly name = 'cycle-gan';
  readonly batchesPerStep = 1;
  /** The four networks, as given. */
  readonly models: CycleGanModels;
  /** The adversarial objective. */
  readonly loss: GanLoss;
  /** w, the weight of each generator's adversarial term. */
  readonly adversarialWeight: number;
  /** λ_cyc. */
  readonly cycleWeight: number;
  /** μ: the identity terms are weighted μ·λ_cyc. */
  readonly identityWeight: number;
  /** The image history of each discriminator: `a` holds generated A images (for D_A), `b` generated B images (for D_B). */
  readonly pools: {
    /** Generated A images, for D_A. */
    readonly a: ImageHistoryPool;
    /** Generated B images, for D_B. */
    readonly b: ImageHistoryPool;
  };
  /** The optimizer of G and F. */
  readonly generatorOptimizer: tf.Optimizer;
  /** The optimizer of D_A and D_B. */
  readonly discriminatorOptimizer: tf.Optimizer;
  /** The shapes of an image of A and of B. */
  readonly sampleShape: {
    /** An image of A. */
    readonly a: SampleShape;
    /** An image of B. */
    readonly b: SampleShape;
  };
  /** The class named in error messages. */
  readonly label: string;
  private readonly ownedOptimizers = new OwnedOptimizers();

  /**
   * @param models - see {@link CycleGanModels}.
   * @param options - see {@link CycleGanOptions}.
   * @param label - the class named in error messages. Default `'CycleGan'`.
   * @throws when the networks' shapes do not chain (G's output is D_B's and F's input, …) or an option is out of range.
   */
  constructor(models: CycleGanModels, options: CycleGanOptions = {}, label = 'CycleGan') {
    this.label = label;
    const m = models ?? ({} as Partial<CycleGanModels>);
    const G = checkModel(m.generatorAB, 'models.generatorAB', label);
    const F = checkModel(m.generatorBA, 'models.generatorBA', label);
    const DA = checkModel(m.discriminatorA, 'models.discriminatorA', label);
    const DB = checkModel(m.discriminatorB, 'models.discriminatorB', label);
    const shapeA = fixedImageShape(shapeOf(G, 'inputs'), 'models.generatorAB\'s input (an image of A)', label);
    const shapeB = fixedImageShape(shapeOf(F, 'inputs'), 'models.generatorBA\'s input (an image of B)', label);
    const d = describeSampleShape;
    const chain: [SampleShape, SampleShape, (seen: string, expected: string) => string][] = [
      [shapeOf(G, 'outputs'), shapeB, (s, e) => `models.generatorAB makes images of shape ${s}, but models.generatorBA takes ${e} (images of B)`],
      [shapeOf(F, 'outputs'), shapeA, (s, e) => `models.generatorBA makes images of shape ${s}, but models.generatorAB takes ${e} (images of A)`],
      [shapeOf(DA, 'inputs'), shapeA, (s, e) => `models.discriminatorA takes images of shape ${s}, but images of A are ${e}`],
      [shapeOf(DB, 'inputs'), shapeB, (s, e) => `models.discriminatorB takes images of shape ${s}, but images of B are ${e}`],
    ];
    for (const [seen, expected, message] of chain) {
      if (!sameSampleShape(seen, expected)) throw new Error(`${label}: ${message(d(seen), d(expected))}; build the four networks for the same two image shapes.`);
    }
    this.loss = checkGanLoss(options.loss ?? leastSquaresLoss(), label);
    this.adversarialWeight = checkWeight(options.adversarialWeight, 'adversarialWeight', label, 2);
    this.cycleWeight = checkWeight(options.cycleWeight, 'cycleWeight', label, 10);
    this.identityWeight = checkWeight(options.identityWeight, 'identityWeight', label, 0.5);
    if (this.identityWeight > 0 && !sameSampleShape(shapeA, shapeB)) {
      throw new Error(`${label}: the identity terms G(b) ≈ b need images of A and B of one shape, but A is ${describeSampleShape(shapeA)} and B ${describeSampleShape(shapeB)}; pass identityWeight: 0.`);
    }
    const poolSize = options.poolSize ?? 50;
    if (!Number.isInteger(poolSize) || poolSize < 0) throw new RangeError(`${label}: poolSize must be an integer ≥ 0 (0: no pool; the paper keeps 50), saw ${String(poolSize)}.`);
    this.models = { generatorAB: G, generatorBA: F, discriminatorA: DA, discriminatorB: DB };
    this.pools = { a: new ImageHistoryPool({ imageShape: shapeA, capacity: poolSize }), b: new ImageHistoryPool({ imageShape: shapeB, capacity: poolSize }) };
    this.generatorOptimizer = options.generatorOptimizer ?? this.ownedOptimizers.adopt(adam(2e-4, 0.5));
    this.discriminatorOptimizer = options.discriminatorOptimizer ?? this.ownedOptimizers.adopt(adam(2e-4, 0.5));
    this.sampleShape = { a: shapeA, b: shapeB };
  }

  /** `generator-ab` (G), `generator-ba` (F), `discriminator-a`, `discriminator-b`. */
  get networks(): Readonly<Record<string, tfl.LayersModel>> {
    const { generatorAB, generatorBA, discriminatorA, discriminatorB } = this.models;
    return { 'generator-ab': generatorAB, 'generator-ba': generatorBA, 'discriminator-a': discriminatorA, 'discriminator-b': discriminatorB };
  }

  /** `generators` (G and F) and `discriminators` (D_A and D_B). */
  get optimizers(): Readonly<Record<string, tf.Optimizer>> {
    return { generators: this.generatorOptimizer, discriminators: this.discriminatorOptimizer };
  }

  /** One step: (1) G and F, (2) D_A and D_B on the pools' images (see the class documentation). */
  trainStep([batch]: readonly Batch[], { random, minimize }: StepContext): CycleGanScalars {
    const { a, b } = imagePair(batch!, `${this.label}.fit`);
    const { generatorAB: G, generatorBA: F, discriminatorA: DA, discriminatorB: DB } = this.models;
    const training = { training: true };
    const identity = this.identityWeight * this.cycleWeight;
    let fake: { a: tf.Tensor; b: tf.Tensor } | undefined;
    let parts: { adversarialLoss: tf.Scalar; cycleLoss: tf.Scalar; identityLoss: tf.Scalar } | undefined;
    try {
      // (1) Update G and F: fool D_B and D_A, come back to where they started, leave the other domain's images alone.
      const generatorLoss = minimize('generators', () => {
        const fakeB = G.apply(a, training) as tf.Tensor;
        const fakeA = F.apply(b, training) as tf.Tensor;
        const adversarialLoss = tf.add(this.generatorTerm(DB, fakeB, b), this.generatorTerm(DA, fakeA, a)) as tf.Scalar;
        const cycleLoss = tf.add(
          cycleConsistencyLoss({ real: a, reconstructed: F.apply(fakeB, training) as tf.Tensor }),
          cycleConsistencyLoss({ real: b, reconstructed: G.apply(fakeA, training) as tf.Tensor }),
        ) as tf.Scalar;
        const identityTerms = (identity === 0 ? tf.scalar(0) : tf.add(
          identityLoss({ real: b, mapped: G.apply(b, training) as tf.Tensor }),
          identityLoss({ real: a, mapped: F.apply(a, training) as tf.Tensor }),
        )) as tf.Scalar;
        fake = { a: tf.keep(fakeA), b: tf.keep(fakeB) };
        parts = { adversarialLoss: tf.keep(adversarialLoss), cycleLoss: tf.keep(cycleLoss), identityLoss: tf.keep(identityTerms) };
        return tf.addN([tf.mul(this.adversarialWeight, adversarialLoss), tf.mul(this.cycleWeight, cycleLoss), tf.mul(identity, identityTerms)]) as tf.Scalar;
      }, [...trainableVariables(G), ...trainableVariables(F)]);
      // (2) Update D_B and D_A: real images against this step's and earlier generated ones, from the pools.
      const fromPoolB = this.pools.b.query(fake!.b, random);
      const fromPoolA = this.pools.a.query(fake!.a, random);
      const discriminatorLoss = minimize('discriminators', () => tf.add(
        this.discriminatorTerm(DB, b, fromPoolB),
        this.discriminatorTerm(DA, a, fromPoolA),
      ) as tf.Scalar, [...trainableVariables(DA), ...trainableVariables(DB)]);
      return { generatorLoss, discriminatorLoss, ...parts! };
    } finally {
      tf.dispose([fake?.a, fake?.b].filter((t) => t !== undefined));
    }
  }

  /** L_G on D's logits for generated images (with D's logits on real images `real` when the loss needs them). */
  private generatorTerm(D: tfl.LayersModel, generated: tf.Tensor, real: tf.Tensor): tf.Scalar {
    const fakeLogits = flatLogits(D, generated, true);
    const inputs = this.loss.generatorNeedsRealLogits === true ? { fakeLogits, realLogits: flatLogits(D, real, true) } : { fakeLogits };
    return checkScalar(this.loss.generatorLoss(inputs), `generatorLoss of loss '${this.loss.name}'`, this.label);
  }

  /** L_D on D's logits for real and (pooled) generated images. */
  private discriminatorTerm(D: tfl.LayersModel, real: tf.Tensor, generated: tf.Tensor): tf.Scalar {
    const value = this.loss.discriminatorLoss({ realLogits: flatLogits(D, real, true), fakeLogits: flatLogits(D, generated, true) });
    return checkScalar(value, `discriminatorLoss of loss '${this.loss.name}'`, this.label);
  }

  /**
   * Translates images: G(x) for images x of A (`'a2b'`, default), F(y) for images y of B (`'b2a'`), in inference
   * mode unless `options.training`.
   *
   * @returns a new tensor; the caller disposes it.
   */
  translate(images: tf.Tensor, direction: TranslationDirection = 'a2b', options: TranslateOptions = {}): tf.Tensor {
    return applyGenerator(this.generatorFor(direction, 'translate'), images, options, `${this.label}.translate`);
  }

  /** The round trip F(G(x)) (`'a2b'`, default) or G(F(y)) (`'b2a'`): what the cycle-consistency term compares with x. */
  reconstruct(images: tf.Tensor, direction: TranslationDirection = 'a2b', options: TranslateOptions = {}): tf.Tensor {
    const there = this.translate(images, direction, options);
    try {
      return applyGenerator(this.generatorFor(direction === 'a2b' ? 'b2a' : 'a2b', 'reconstruct'), there, options, `${this.label}.reconstruct`);
    } finally {
      there.dispose();
    }
  }

  /** The first n of `options.inputs` translated in `options.direction` (default `'a2b'`). */
  sample(n: number, options?: CycleGanSampleOptions): tf.Tensor {
    return sampleTranslations(this.generatorFor(options?.direction ?? 'a2b', 'sample'), n, options, `${this.label}.sample`);
  }

  private generatorFor(direction: TranslationDirection, method: string): tfl.LayersModel {
    if (direction !== 'a2b' && direction !== 'b2a') throw new TypeError(`${this.label}.${method}: direction must be 'a2b' or 'b2a', saw ${String(direction)}.`);
    return direction === 'a2b' ? this.models.generatorAB : this.models.generatorBA;
  }

  /** The loss, the three weights and the pools' capacity. */
  configuration(): JsonObject {
    return {
      loss: this.loss.name, adversarialWeight: this.adversarialWeight, cycleWeight: this.cycleWeight, identityWeight: this.identityWeight,
      poolSize: this.pools.a.capacity,
    };
  }

  /** The pools' images: `pool-a` (generated A images, for D_A) and `pool-b`. */
  variables(): Readonly<Record<string, tf.Variable>> {
    return { 'pool-a': this.pools.a.images, 'pool-b': this.pools.b.images };
  }

  /** `{ pools: { a, b } }`: how many images each pool holds. */
  state(): JsonValue {
    const state: CycleGanState = { pools: { a: this.pools.a.state(), b: this.pools.b.state() } };
    return state as unknown as JsonValue;
  }

  /** Restores what {@link CycleGan.state} returned (the images come back as the variables). */
  restoreState(state: JsonValue): void {
    const pools = (state as Partial<CycleGanState> | null)?.pools;
    if (pools === undefined || pools === null || typeof pools !== 'object') {
      throw new Error(`${this.label}.restoreState: expected { pools: { a, b } } saved by a CycleGan, saw ${JSON.stringify(state)}.`);
    }
    this.pools.a.restoreState(pools.a);
    this.pools.b.restoreState(pools.b);
  }

  /** Releases the pools and the optimizers this algorithm created; the networks stay the caller's. */
  dispose(): void {
    this.pools.a.dispose();
    this.pools.b.dispose();
    this.ownedOptimizers.dispose();
  }
}
