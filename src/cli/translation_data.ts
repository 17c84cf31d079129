import * as tf from '@tensorflow/tfjs-core';
import {
  loadImageDataset, loadMnistEdgePairs, loadMnistStrokeDomains, loadMnistSuperResolutionPairs, loadPairedImages, loadUnpairedImages,
} from '../index.js';
import { resizeImages } from '../data/resize.js';
import type { RunConfig } from './train_settings.js';
import { UsageError } from './usage_error.js';

/** Images of the MNIST-derived tasks' held-out split, with the digit of each: what pictures and `evaluate` use. */
export interface HeldOutImages {
  /** Inputs (domain A, edge maps, small digits) `[n, h, w, c]`. */
  readonly a: tf.Tensor4D;
  /** Targets (domain B, digits) `[m, h', w', c]`; paired with `a` row by row except for CycleGAN's domains. */
  readonly b: tf.Tensor4D;
  /** The digit of each image of `a`, `[n]`. */
  readonly labelsA: tf.Tensor1D;
  /** The digit of each image of `b`, `[m]`. */
  readonly labelsB: tf.Tensor1D;
}

/** The data of an image-to-image run. */
export interface TranslationData {
  /** Whether row i of `a` goes with row i of `b` (pix2pix, SRGAN) or the domains are unrelated (CycleGAN). */
  readonly paired: boolean;
  /** The inputs, or domain A: `[n, h, w, c]` in [−1, 1]. */
  readonly a: tf.Tensor4D;
  /** The targets, or domain B. */
  readonly b: tf.Tensor4D;
  /** The held-out digits of the embedded MNIST tasks; `undefined` for folders (pictures then show training images). */
  readonly heldOut: HeldOutImages | undefined;
}

/** Releases the tensors of {@link TranslationData}. */
export function disposeTranslationData(data: TranslationData): void {
  const held = data.heldOut;
  tf.dispose([data.a, data.b, ...(held === undefined ? [] : [held.a, held.b, held.labelsA, held.labelsB])]);
}

/** The MNIST-derived data of `model`, train and test splits. */
async function mnistTask(config: RunConfig): Promise<TranslationData> {
  if (config.data === 'mnist-strokes') {
    const [train, test] = [await loadMnistStrokeDomains({ split: 'train' }), await loadMnistStrokeDomains({ split: 'test' })];
    tf.dispose([train.a.labels, train.b.labels]);
    return { paired: false, a: train.a.images, b: train.b.images, heldOut: { a: test.a.images, b: test.b.images, labelsA: test.a.labels, labelsB: test.b.labels } };
  }
  const load = config.data === 'mnist-edges'
    ? (split: 'train' | 'test') => loadMnistEdgePairs({ split })
    : (split: 'train' | 'test') => loadMnistSuperResolutionPairs({ split, factor: config.scale ?? 2 });
  const [train, test] = [await load('train'), await load('test')];
  train.labels.dispose();
  return { paired: true, a: train.a, b: train.b, heldOut: { a: test.a, b: test.b, labelsA: test.labels, labelsB: tf.clone(test.labels) } };
}

/** The folder settings `--image-size` and `--channels`, which folders of images need. */
function folderOptions(config: RunConfig): { height: number; width: number; channels: 1 | 3 } {
  if (config.imageSize === undefined || config.channels === undefined) {
    throw new UsageError(`--model ${config.model} on folders of images needs --image-size and --channels (the size and channels the images are read at)`);
  }
  return { height: config.imageSize, width: config.imageSize, channels: config.channels };
}

/** Runs a loader, turning its complaint into a {@link UsageError} about the data flags. */
async function reading<T>(what: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new UsageError(`${what}: ${(error as Error).message.replace(/\.$/, '')}`);
  }
}

/**
 * Loads the data of an image-to-image run: the embedded MNIST tasks (`mnist-strokes` for CycleGAN, `mnist-edges` for
 * pix2pix, `mnist` shrunk by `--scale` for SRGAN) with their held-out digits, or folders — CycleGAN's two domains
 * (`--data`, `--data-b`), pix2pix's side-by-side pairs (`--data`) or pairs matched by file name (`--data`, `--data-b`),
 * SRGAN's high-resolution images (`--data`, shrunk by `--scale` by area averaging for the inputs). Errors are
 * {@link UsageError}s naming the flag.
 */
export async function loadTranslationData(config: RunConfig): Promise<TranslationData> {
  if (config.data === 'mnist-strokes' || config.data === 'mnist-edges' || (config.model === 'srgan' && config.data === 'mnist')) {
    return reading(`--data ${config.data}`, () => mnistTask(config));
  }
  const where = config.dataB === undefined ? `--data '${config.data}'` : `--data '${config.data}' --data-b '${config.dataB}'`;
  if (config.model === 'cyclegan') {
    const { a, b } = await reading(where, () => loadUnpairedImages({ a: config.data, b: config.dataB! }, folderOptions(config)));
    return { paired: false, a: a.images, b: b.images, heldOut: undefined };
  }
  if (config.model === 'pix2pix') {
    const source = config.dataB === undefined ? { sideBySide: config.data } : { a: config.data, b: config.dataB };
    const { a, b } = await reading(where, () => loadPairedImages(source, folderOptions(config)));
    return config.direction === 'b2a' ? { paired: true, a: b, b: a, heldOut: undefined } : { paired: true, a, b, heldOut: undefined };
  }
  const scale = config.scale ?? 2;
  const options = config.imageSize === undefined ? {} : { height: config.imageSize, width: config.imageSize };
  const { images } = await reading(where, () => loadImageDataset(config.data, { ...options, ...(config.channels === undefined ? {} : { channels: config.channels }) }));
  const [, height, width] = images.shape;
  if (height % scale !== 0 || width % scale !== 0) {
    images.dispose();
    throw new UsageError(`--scale ${scale}: the images are ${height}×${width}, which ${scale} does not divide: give an --image-size divisible by ${scale}`);
  }
  const small = resizeImages(images as tf.Tensor4D, { height: height / scale, width: width / scale });
  return { paired: true, a: small, b: images as tf.Tensor4D, heldOut: undefined };
}
