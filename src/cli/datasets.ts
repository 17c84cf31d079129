import { stat } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { grid25, loadCifar10, loadIdx, loadImageFolder, loadMnist, ring8, type MixtureSample } from '../index.js';
import { UsageError } from './usage_error.js';

/** The embedded data sets, which need no file and no download. */
export const EMBEDDED_DATASETS = ['mnist', 'ring8', 'grid25'] as const;

/** Training data as the CLI uses it. */
export interface RunData {
  /** `[N, ...sampleShape]`, in [−1, 1] for images. */
  readonly samples: tf.Tensor;
  /** Class labels `[N]` (int32) when the data set has them. */
  readonly labels: tf.Tensor1D | undefined;
  /** `'points'` for 2-D mixtures, `'images'` otherwise. */
  readonly kind: 'points' | 'images';
  /** The mixture's means (2-D data sets), for plots and mode coverage. */
  readonly modes: number[][] | undefined;
  /** The mixture's standard deviation (2-D data sets). */
  readonly std: number | undefined;
}

/** Points drawn per embedded 2-D data set (PacGAN trains on 100k points). */
const MIXTURE_POINTS = 100_000;

function fromMixture(sample: MixtureSample): RunData {
  return { samples: sample.samples, labels: undefined, kind: 'points', modes: sample.modes, std: sample.std };
}

/**
 * Loads `--data`: an embedded data set by name, or a path: a folder of PNG/JPEG images (resized to `imageSize`²),
 * an IDX image file (MNIST/Fashion-MNIST, optionally gzipped, with its labels file beside it when present), or a
 * CIFAR-10 binary batch (`.bin`). Errors are {@link UsageError}s saying what was wrong with the argument.
 */
export async function loadRunData(data: string, options: { readonly seed: number; readonly imageSize: number | undefined; readonly channels: 1 | 3 | undefined }): Promise<RunData> {
  if (data === 'ring8') return fromMixture(ring8({ count: MIXTURE_POINTS, seed: options.seed }));
  if (data === 'grid25') return fromMixture(grid25({ count: MIXTURE_POINTS, seed: options.seed }));
  if (data === 'mnist') {
    const { images, labels } = await loadMnist();
    return { samples: images, labels, kind: 'images', modes: undefined, std: undefined };
  }
  const info = await stat(data).catch(() => undefined);
  if (info === undefined) {
    throw new UsageError(`--data '${data}' is neither an embedded data set (${EMBEDDED_DATASETS.join(', ')}) nor an existing file or folder`);
  }
  try {
    if (info.isDirectory()) {
      const size = options.imageSize ?? 64;
      const { images } = await loadImageFolder(data, { height: size, width: size, channels: options.channels ?? 3 });
      return { samples: images, labels: undefined, kind: 'images', modes: undefined, std: undefined };
    }
    if (/\.bin$/i.test(data)) {
      const { images, labels } = await loadCifar10({ files: data });
      return { samples: images, labels, kind: 'images', modes: undefined, std: undefined };
    }
    if (/idx3-ubyte(\.gz)?$/i.test(data)) {
      const labelsPath = data.replace(/images-idx3-ubyte/i, 'labels-idx1-ubyte');
      const hasLabels = labelsPath !== data && (await stat(labelsPath).catch(() => undefined)) !== undefined;
      const { images, labels } = await loadIdx(hasLabels ? { images: data, labels: labelsPath } : { images: data });
      return { samples: images, labels, kind: 'images', modes: undefined, std: undefined };
    }
  } catch (error) {
    throw new UsageError(`--data '${data}': ${(error as Error).message}`);
  }
  throw new UsageError(`--data '${data}' is a file gan-kit cannot read: use a folder of PNG/JPEG images, an IDX file (*-images-idx3-ubyte[.gz]) or a CIFAR-10 batch (*.bin)`);
}
