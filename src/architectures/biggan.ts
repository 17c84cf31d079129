import * as tfl from '@tensorflow/tfjs-layers';
import { AffineModulation } from '../layers/affine_modulation.js';
import { ClassEmbedding } from '../layers/class_embedding.js';
import { ClassProjection } from '../layers/class_projection.js';
import { GlobalSumPooling2D } from '../layers/global_sum_pooling.js';
import { LatentSplit, hierarchicalLatentSizes } from '../layers/latent_split.js';
import { SelfAttention } from '../layers/self_attention.js';
import { SeededRandom } from '../utils/random.js';
import { checkOptionsObject, checkPositiveInteger, checkPositiveIntegers, checkSeed } from './builder_checks.js';
import type { ConditionalGanModels } from './conditioning.js';
import { LayerFactory } from './layer_factory.js';

/** Options of {@link BigGAN}. */
export interface BigGANOptions {
  /** `[side, side, channels]` of the images: square, side a power of two ≥ 16 (16, 32, 64, 128). */
  imageShape: readonly number[];
  /** The number of classes K, an integer ≥ 2; labels are integers in [0, K). BigGAN is class-conditional. */
  classes: number;
  /**
   * Size of z ~ N(0, I), split by {@link hierarchicalLatentSizes} into one chunk for the first layer and one per
   * generator block; an integer ≥ the number of chunks. Default 128 (BigGAN's dim_z).
   */
  latentDim?: number;
  /** Channels of every residual block of both networks, an integer ≥ 1. Default 256 (BigGAN's 32×32 model: 4 · 64). */
  width?: number;
  /** Size of the shared class embedding, an integer ≥ 1. Default 128 (BigGAN's shared_dim). */
  sharedEmbeddingSize?: number;
  /**
   * The resolution at which a {@link SelfAttention} block follows a residual block in both networks, a power of two
   * from 8 to side / 2; `false` for none. Default side / 2 (16 for 32×32 images).
   */
  attentionResolution?: number | false;
  /** Seed of every initialiser: the same seed gives identical initial weights. Unseeded when omitted. */
  seed?: number;
}

/** The ReLU of the blocks, as a layer applied to one tensor. */
function relu(x: tfl.SymbolicTensor): tfl.SymbolicTensor {
  return tfl.layers.reLU().apply(x) as tfl.SymbolicTensor;
}

function add(a: tfl.SymbolicTensor, b: tfl.SymbolicTensor): tfl.SymbolicTensor {
  return tfl.layers.add().apply([a, b]) as tfl.SymbolicTensor;
}

/** The parts of a build that every block uses. */
interface Builder {
  readonly factory: LayerFactory;
  readonly seeds: SeededRandom | undefined;
  readonly width: number;
}

function nextSeed(builder: Builder): { seed?: number } {
  return builder.seeds === undefined ? {} : { seed: Math.floor(builder.seeds.uniform() * 2 ** 31) };
}

/** A spectrally normalized convolution with stride 1 and 'same' padding. */
function conv(builder: Builder, x: tfl.SymbolicTensor, filters: number, kernelSize: 1 | 3): tfl.SymbolicTensor {
  return builder.factory.kernelLayer({ kind: 'conv2d', filters, kernelSize, strides: 1 }, 'spectral', true).apply(x) as tfl.SymbolicTensor;
}

/**
 * BigGAN's conditional batch normalization: batch normalization, then h ⊙ (1 + g(c)) + b(c) with g, b spectrally
 * normalized linear maps of the block's conditioning vector c. BigGAN's normalization has no affine map of its own;
 * this one keeps tfjs-layers' γ and β (shared by all samples, they multiply into 1 + g and add to b, which changes
 * nothing the block can express), because tfjs-layers 4.22 cannot train a BatchNormalization built with
 * `center: false, scale: false`.
 */
function conditionalBatchNorm(builder: Builder, h: tfl.SymbolicTensor, condition: tfl.SymbolicTensor): tfl.SymbolicTensor {
  const channels = h.shape[h.shape.length - 1] as number;
  const normalized = builder.factory.batchNorm().apply(h) as tfl.SymbolicTensor;
  const linear = () => builder.factory.kernelLayer({ kind: 'dense', units: channels }, 'spectral', false).apply(condition) as tfl.SymbolicTensor;
  return new AffineModulation().apply([normalized, linear(), linear()]) as tfl.SymbolicTensor;
}

/** G's residual up-sampling block: CBN → ReLU → up 2× → conv 3×3 → CBN → ReLU → conv 3×3, plus up 2× → conv 1×1. */
function generatorBlock(builder: Builder, h: tfl.SymbolicTensor, condition: tfl.SymbolicTensor): tfl.SymbolicTensor {
  const up = (x: tfl.SymbolicTensor) => tfl.layers.upSampling2d({ size: [2, 2] }).apply(x) as tfl.SymbolicTensor;
  let main = up(relu(conditionalBatchNorm(builder, h, condition)));
  main = conv(builder, main, builder.width, 3);
  main = conv(builder, relu(conditionalBatchNorm(builder, main, condition)), builder.width, 3);
  return add(main, conv(builder, up(h), builder.width, 1));
}

/**
 * D's residual block: (ReLU →) conv 3×3 → ReLU → conv 3×3 (→ average-pool 2×), plus a shortcut with a 1×1
 * convolution when it changes the channels or the size. The first block has no leading ReLU (the image) and pools
 * before its shortcut convolution, the others convolve first, as in BigGAN.
 */
function discriminatorBlock(builder: Builder, x: tfl.SymbolicTensor, first: boolean, downsample: boolean): tfl.SymbolicTensor {
  const pool = (t: tfl.SymbolicTensor) => tfl.layers.averagePooling2d({ poolSize: 2, strides: 2 }).apply(t) as tfl.SymbolicTensor;
  let main = conv(builder, first ? x : relu(x), builder.width, 3);
  main = conv(builder, relu(main), builder.width, 3);
  if (downsample) main = pool(main);
  const learned = downsample || x.shape[3] !== builder.width;
  let shortcut = x;
  if (first) {
    if (downsample) shortcut = pool(shortcut);
    if (learned) shortcut = conv(builder, shortcut, builder.width, 1);
  } else {
    if (learned) shortcut = conv(builder, shortcut, builder.width, 1);
    if (downsample) shortcut = pool(shortcut);
  }
  return add(main, shortcut);
}

function attention(builder: Builder, h: tfl.SymbolicTensor): tfl.SymbolicTensor {
  return new SelfAttention({ spectralNormalization: true, ...nextSeed(builder) }).apply(h) as tfl.SymbolicTensor;
}

const isPowerOfTwo = (n: number): boolean => Number.isInteger(Math.log2(n));

/**
 * The class-conditional BigGAN of Brock, Donahue and Simonyan 2018 ("Large Scale GAN Training for High Fidelity
 * Natural Image Synthesis", arXiv:1809.11096), in the layout of its 32×32 (CIFAR) model, for square images of side
 * s = 2ⁿ ≥ 16, with W = `width` channels everywhere:
 *
 * - **G** `[z, labels]` → images in [−1, 1]. z is split into n − 1 chunks ({@link LatentSplit}, "hierarchical
 *   latents" or skip-z): chunk 0 → spectrally normalized Dense → 4×4×W; then n − 2 residual blocks, each
 *   up-sampling 2× (nearest) with two 3×3 convolutions and a 1×1 shortcut convolution, each batch normalization in
 *   it conditional ({@link AffineModulation}) on the concatenation of a **shared class embedding**
 *   ({@link ClassEmbedding}, `sharedEmbeddingSize`) and the block's own chunk of z; then batch normalization → ReLU
 *   → 3×3 convolution → tanh.
 * - **D** `[x, labels]` → logits `[batch, 1]` (positive means "real"; train with the hinge loss): n − 3 residual
 *   blocks that average-pool 2× and two that keep the size (ending at 8×8; at 32×32 this is BigGAN's 16, 8, 8, 8),
 *   ReLU, a sum over positions ({@link GlobalSumPooling2D}) to φ(x), and logit = ψ(φ(x)) + yᵀVφ(x), the
 *   **projection discriminator** (Miyato & Koyama 2018, arXiv:1802.05637; {@link ClassProjection}).
 * - **Spectral normalization** on every convolution and Dense of both networks (the class embeddings excepted, as
 *   `ClassProjection` has none), and a {@link SelfAttention} block (itself spectrally normalized) after the block at
 *   `attentionResolution` in each network.
 *
 * Kernels are Glorot-uniform (BigGAN uses orthogonal initialisation). Train with the hinge loss, Adam (β₁ = 0,
 * β₂ = 0.999) at 2e-4 for D and 5e-5 for G, {@link orthogonalRegularization} on G, a generator EMA and
 * {@link standingStatistics} before sampling; sample with {@link truncatedLatents}.
 *
 * @example
 * ```ts
 * const gan = new BigGAN({ imageShape: [32, 32, 3], classes: 10, width: 64, seed: 1 });
 * const images = gan.generator.predict([tf.randomNormal([8, gan.latentDim]), tf.zeros([8, 1], 'int32')]);
 * ```
 */
export class BigGAN implements ConditionalGanModels {
  /** G: `[z [batch, latentDim], labels [batch, 1] int32]` → `[batch, side, side, channels]` in [−1, 1]. */
  readonly generator: tfl.LayersModel;
  /** D: `[x [batch, side, side, channels], labels [batch, 1] int32]` → `[batch, 1]` logits. */
  readonly discriminator: tfl.LayersModel;
  /** The size of z. */
  readonly latentDim: number;
  /** The number of classes K. */
  readonly classes: number;
  /** The sizes of z's chunks: the first layer's, then one per generator block. */
  readonly latentSizes: readonly number[];

  /**
   * @param options - see {@link BigGANOptions}.
   * @throws Error naming the option if the images cannot be built, or another option is out of range; nothing is
   *   built then.
   */
  constructor(options: BigGANOptions) {
    checkOptionsObject(options, 'BigGAN', '{ imageShape: [32, 32, 3], classes: 10 }');
    const imageShape = checkPositiveIntegers(options.imageShape, 'BigGAN: options.imageShape');
    const [side = 0, sideW = 0, channels = 0] = imageShape;
    if (imageShape.length !== 3 || side !== sideW || side < 16 || !isPowerOfTwo(side)) {
      throw new Error(
        `BigGAN: options.imageShape ${JSON.stringify(imageShape)} cannot be built: it must be [side, side, channels] with side a power ` +
          'of two ≥ 16, e.g. [32, 32, 3] or [64, 64, 3]. Resize the images (resizeImages) to such a size.',
      );
    }
    const classes = checkPositiveInteger(options.classes, 'BigGAN: options.classes', 0);
    if (classes < 2) throw new Error(`BigGAN: options.classes must be an integer ≥ 2 (the number of classes), but got ${String(options.classes)}.`);
    const blocks = Math.log2(side) - 2;
    const latentDim = checkPositiveInteger(options.latentDim, 'BigGAN: options.latentDim', 128);
    if (latentDim < blocks + 1) {
      throw new Error(`BigGAN: options.latentDim must be at least ${blocks + 1} (one component per chunk: the first layer and ${blocks} blocks), but got ${latentDim}.`);
    }
    const width = checkPositiveInteger(options.width, 'BigGAN: options.width', 256);
    const sharedSize = checkPositiveInteger(options.sharedEmbeddingSize, 'BigGAN: options.sharedEmbeddingSize', 128);
    const attentionAt = options.attentionResolution ?? side / 2;
    if (attentionAt !== false && !(typeof attentionAt === 'number' && isPowerOfTwo(attentionAt) && attentionAt >= 8 && attentionAt <= side / 2)) {
      throw new Error(`BigGAN: options.attentionResolution must be a power of two from 8 to ${side / 2} (a resolution both networks pass through), or false; got ${String(attentionAt)}.`);
    }
    const seed = checkSeed(options.seed, 'BigGAN: options.seed');
    const builder: Builder = {
      factory: new LayerFactory({ seed, kernelStddev: undefined, gammaStddev: undefined }),
      seeds: seed === undefined ? undefined : new SeededRandom(`${seed}/biggan`),
      width,
    };
    const latentSizes = hierarchicalLatentSizes(latentDim, blocks + 1);

    const z = tfl.input({ shape: [latentDim], name: 'z' });
    const labels = tfl.input({ shape: [1], dtype: 'int32', name: 'label' });
    const [first, ...perBlock] = new LatentSplit({ sizes: latentSizes }).apply(z) as tfl.SymbolicTensor[];
    const shared = new ClassEmbedding({ classes, units: sharedSize, ...nextSeed(builder) }).apply(labels) as tfl.SymbolicTensor;
    let h = builder.factory.kernelLayer({ kind: 'dense', units: 4 * 4 * width }, 'spectral', true).apply(first!) as tfl.SymbolicTensor;
    h = tfl.layers.reshape({ targetShape: [4, 4, width] }).apply(h) as tfl.SymbolicTensor;
    perBlock.forEach((chunk, k) => {
      const condition = tfl.layers.concatenate().apply([shared, chunk]) as tfl.SymbolicTensor;
      h = generatorBlock(builder, h, condition);
      if (4 * 2 ** (k + 1) === attentionAt) h = attention(builder, h);
    });
    h = relu(builder.factory.batchNorm().apply(h) as tfl.SymbolicTensor);
    h = tfl.layers.activation({ activation: 'tanh' }).apply(conv(builder, h, channels, 3)) as tfl.SymbolicTensor;
    this.generator = tfl.model({ inputs: [z, labels], outputs: h, name: 'generator' });

    const x = tfl.input({ shape: imageShape, name: 'sample' });
    const dLabels = tfl.input({ shape: [1], dtype: 'int32', name: 'label' });
    const downsampling = Math.log2(side) - 3;
    let d = x;
    let attended = attentionAt === false;
    for (let k = 0; k < downsampling + 2; k++) {
      d = discriminatorBlock(builder, d, k === 0, k < downsampling);
      if (!attended && d.shape[1] === attentionAt) {
        d = attention(builder, d);
        attended = true;
      }
    }
    const phi = new GlobalSumPooling2D().apply(relu(d)) as tfl.SymbolicTensor;
    const psi = builder.factory.kernelLayer({ kind: 'dense', units: 1 }, 'spectral', true).apply(phi) as tfl.SymbolicTensor;
    const projection = new ClassProjection({ classes, ...nextSeed(builder) }).apply([phi, dLabels]) as tfl.SymbolicTensor;
    this.discriminator = tfl.model({ inputs: [x, dLabels], outputs: add(psi, projection), name: 'discriminator' });

    this.latentDim = latentDim;
    this.classes = classes;
    this.latentSizes = latentSizes;
  }
}
