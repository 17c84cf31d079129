import * as tfl from '@tensorflow/tfjs-layers';
import { checkOptionalSeed, checkPositive } from './layer_checks.js';

/** The arguments shared by {@link EqualizedDense} and {@link EqualizedConv2D}. */
export interface EqualizedLearningRateArgs {
  /**
   * The gain g of He's constant c = g · λ / sqrt(fan_in); a finite number > 0. Default √2 (He et al. 2015, for ReLU
   * and leaky ReLU, as in ProGAN). Use 1 before a linear output, or with {@link ScaledLeakyReLU} carrying the √2
   * after the activation (StyleGAN2's convention).
   */
  gain?: number;
  /**
   * The learning-rate multiplier λ; a finite number > 0. Default 1. The weights are stored N(0, 1/λ²) and scaled by
   * c = g · λ / sqrt(fan_in), the bias by λ, so an optimizer step moves the layer λ times as fast as with λ = 1
   * (StyleGAN's mapping network uses λ = 0.01).
   */
  lrMultiplier?: number;
  /** Initial value of every bias element (stored as value / λ). Default 0. */
  biasInit?: number;
  /** Seed of the weights' N(0, 1/λ²) initialiser; unseeded when omitted. */
  seed?: number;
}

/** The checked values of {@link EqualizedLearningRateArgs}. */
export interface EqualizedLearningRate {
  readonly gain: number;
  readonly lrMultiplier: number;
  readonly biasInit: number;
  readonly seed: number | undefined;
}

/** Checks and defaults the arguments; `layer` names the layer class in errors. */
export function checkEqualizedArgs(args: EqualizedLearningRateArgs, layer: string): EqualizedLearningRate {
  const biasInit = args.biasInit ?? 0;
  if (typeof biasInit !== 'number' || !Number.isFinite(biasInit)) {
    throw new Error(`${layer}: args.biasInit must be a finite number, but got ${String(biasInit)}.`);
  }
  return {
    gain: checkPositive(args.gain, `${layer}: args.gain`, Math.SQRT2),
    lrMultiplier: checkPositive(args.lrMultiplier, `${layer}: args.lrMultiplier`, 1),
    biasInit,
    seed: checkOptionalSeed(args.seed, `${layer}: args.seed`),
  };
}

/** He's constant c = g · λ / sqrt(fan_in), the factor the stored weights are multiplied by at run time. */
export function heConstant(fanIn: number, { gain, lrMultiplier }: EqualizedLearningRate): number {
  return (gain * lrMultiplier) / Math.sqrt(fanIn);
}

/** The initialisers of the stored weights: kernel N(0, 1/λ²), bias biasInit / λ. */
export function equalizedInitializers({ lrMultiplier, biasInit, seed }: EqualizedLearningRate) {
  const stddev = 1 / lrMultiplier;
  return {
    kernel: tfl.initializers.randomNormal(seed === undefined ? { mean: 0, stddev } : { mean: 0, stddev, seed }),
    bias: tfl.initializers.constant({ value: biasInit / lrMultiplier }),
  };
}

/** The configuration fields of the equalized layers (seed only when given). */
export function equalizedConfig(e: EqualizedLearningRate): Record<string, number> {
  const config: Record<string, number> = { gain: e.gain, lrMultiplier: e.lrMultiplier, biasInit: e.biasInit };
  if (e.seed !== undefined) config['seed'] = e.seed;
  return config;
}
