import type * as tfl from '@tensorflow/tfjs-layers';
import { DCGAN } from '../../src/architectures/dcgan.js';
import type { GanModels } from '../../src/architectures/gan_models.js';
import { MLPGAN } from '../../src/architectures/mlp_gan.js';

/** The benchmark's two workloads (../shared/bench/README.md). */
export type ModelName = 'dcgan28' | 'mlp';

/** One benchmark workload: the models and the work of one training step, counted from the layer shapes. */
export interface Workload {
  /** The name printed in the `model` field, as the PyTorch peer prints it: `dcgan28` (or `dcgan32`, `dcgan64`), `mlp_gan`. */
  readonly model: string;
  /** Side of the square images for DCGAN, `null` for the MLP-GAN (flat 784-vectors). */
  readonly imageSize: number | null;
  readonly gan: GanModels;
  /** Shape of one real sample, without the batch axis. */
  readonly sampleShape: readonly number[];
  /** Forward FLOPs per sample of G and D, in MFLOP. */
  readonly forwardMflopPerImage: { readonly G: number; readonly D: number };
}

function product(values: readonly (number | null)[]): number {
  return values.reduce<number>((p, v) => p * (v ?? 1), 1);
}

function shapeOf(tensor: tfl.SymbolicTensor | tfl.SymbolicTensor[]): readonly (number | null)[] {
  return (Array.isArray(tensor) ? tensor[0]! : tensor).shape;
}

/**
 * Forward FLOPs per sample of a model's Dense, Conv2D and Conv2DTranspose layers, 2 per multiply-add, as the PyTorch
 * peer counts them (BatchNorm and activations ignored): Dense in·out; Conv2D output pixels·C_out·k_h·k_w·C_in (each
 * output pixel); Conv2DTranspose input pixels·C_in·k_h·k_w·C_out (each input pixel scatters).
 */
export function forwardFlopsPerSample(model: tfl.LayersModel): number {
  let macs = 0;
  for (const layer of model.layers) {
    const kernel = layer.weights[0]?.shape;
    const name = layer.getClassName();
    if (kernel === undefined) continue;
    if (name === 'Dense') {
      macs += product(kernel);
    } else if (name === 'Conv2D') {
      macs += product(shapeOf(layer.output).slice(1)) * product(kernel.slice(0, 3));
    } else if (name === 'Conv2DTranspose') {
      macs += product(shapeOf(layer.input).slice(1)) * product(kernel.slice(0, 3));
    }
  }
  return 2 * macs;
}

/**
 * FLOPs of one step (one D update on `batch` real + `batch` generated samples, then one G update), with backward ≈ 2×
 * forward: G forward on B (no grad) + D forward/backward on 2B, then G and D forward/backward on B
 * = 4·B·F_G + 9·B·F_D.
 */
export function gflopPerStep(workload: Workload, batch: number): number {
  return (4 * batch * workload.forwardMflopPerImage.G + 9 * batch * workload.forwardMflopPerImage.D) / 1e3;
}

/**
 * Builds a workload with gan-kit's own builders: DCGAN-28 is `new DCGAN({ imageShape: [28, 28, 1] })` (other sizes:
 * the DCGAN builder's layout for that size), the MLP-GAN is `new MLPGAN({ sampleShape: [784] })`. Call it after the
 * backend is selected (the weights are created on it).
 *
 * @param imageSize - DCGAN only: the image side, divisible by 4 (28, 32, 64, …). Default 28.
 */
export function buildWorkload(model: ModelName, imageSize = 28, seed = 1): Workload {
  const gan = model === 'mlp'
    ? new MLPGAN({ sampleShape: [784], latentDim: 100, seed })
    : new DCGAN({ imageShape: [imageSize, imageSize, 1], latentDim: 100, seed });
  return {
    model: model === 'mlp' ? 'mlp_gan' : `dcgan${imageSize}`,
    imageSize: model === 'mlp' ? null : imageSize,
    gan,
    sampleShape: model === 'mlp' ? [784] : [imageSize, imageSize, 1],
    forwardMflopPerImage: {
      G: forwardFlopsPerSample(gan.generator) / 1e6,
      D: forwardFlopsPerSample(gan.discriminator) / 1e6,
    },
  };
}
