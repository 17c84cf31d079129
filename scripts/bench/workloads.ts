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

/** One kind of matrix product in a training step: rows × inner · inner × cols, done `times` times per step. */
export interface StepProduct {
  readonly network: 'G' | 'D';
  /** The layer's name in its model. */
  readonly layer: string;
  /** Which pass of the layer: its forward product, the gradient of its input, or the gradient of its weights. */
  readonly pass: 'forward' | 'input gradient' | 'weight gradient';
  readonly rows: number;
  readonly inner: number;
  readonly cols: number;
  readonly times: number;
}

/**
 * A layer as one matrix product of M × K · K × N for a batch of `batch`: Dense M = batch, K = in, N = out; Conv2D
 * M = batch·output pixels, K = k_h·k_w·C_in (a patch), N = C_out; Conv2DTranspose M = batch·input pixels, K = C_in,
 * N = k_h·k_w·C_out (each input pixel scatters a patch). Other layers: none.
 */
function layerProduct(layer: tfl.layers.Layer, batch: number): { m: number; k: number; n: number } | undefined {
  const kernel = layer.weights[0]?.shape;
  if (kernel === undefined) return undefined;
  const name = layer.getClassName();
  if (name === 'Dense') return { m: batch, k: kernel[0]!, n: kernel[1]! };
  if (name === 'Conv2D') return { m: batch * product(shapeOf(layer.output).slice(1, 3)), k: product(kernel.slice(0, 3)), n: kernel[3]! };
  if (name === 'Conv2DTranspose') return { m: batch * product(shapeOf(layer.input).slice(1, 3)), k: kernel[3]!, n: product(kernel.slice(0, 3)) };
  return undefined;
}

/**
 * The matrix products of one training step, layer by layer and pass by pass, in the peer's accounting (see
 * {@link gflopPerStep}): each layer's product M × K · K × N, its input gradient M × N · N × K and its weight gradient
 * K × M · M × N cost the same 2·M·K·N FLOPs; G's layers run forward twice and backward once at batch B, D's forward
 * and backward at 2B (the discriminator step) and forward and backward at B (the generator step). The FLOPs of the
 * list add up to {@link gflopPerStep}. Convolutions are counted as the product of their patches, which is what they
 * cost at best: this list is what the WebAssembly ceiling of a step is measured on.
 */
export function stepProducts(workload: Workload, batch: number): StepProduct[] {
  const products: StepProduct[] = [];
  const add = (network: 'G' | 'D', model: tfl.LayersModel, passes: readonly (readonly [StepProduct['pass'], number, number])[]) => {
    for (const layer of model.layers) {
      for (const [pass, b, times] of passes) {
        const p = layerProduct(layer, b);
        if (p === undefined) continue;
        const [rows, inner, cols] = pass === 'forward' ? [p.m, p.k, p.n] : pass === 'input gradient' ? [p.m, p.n, p.k] : [p.k, p.m, p.n];
        products.push({ network, layer: layer.name, pass, rows, inner, cols, times });
      }
    }
  };
  add('G', workload.gan.generator, [['forward', batch, 2], ['input gradient', batch, 1], ['weight gradient', batch, 1]]);
  add('D', workload.gan.discriminator, [
    ['forward', 2 * batch, 1], ['input gradient', 2 * batch, 1], ['weight gradient', 2 * batch, 1],
    ['forward', batch, 1], ['input gradient', batch, 1], ['weight gradient', batch, 1],
  ]);
  return products;
}
