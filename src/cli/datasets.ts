import * as tf from '@tensorflow/tfjs-core';
import { grid25, loadImageDataset, loadMnist, ring8, type MixtureSample } from '../index.js';
import { UsageError } from './usage_error.js';

/**
 * The embedded data sets, which need no file and no download: the digits, two 2-D mixtures, and two image-to-image
 * tasks made from the digits (`mnist-strokes`: thin ↔ thick strokes, unpaired; `mnist-edges`: edge maps → digits).
 */
export const EMBEDDED_DATASETS = ['mnist', 'ring8', 'grid25', 'mnist-strokes', 'mnist-edges'] as const;

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

/** Releases the tensors of {@link RunData}. */
export function disposeRunData(data: RunData): void {
  tf.dispose([data.samples, ...(data.labels === undefined ? [] : [data.labels])]);
}

/** Points drawn per embedded 2-D data set (PacGAN trains on 100k points). */
const MIXTURE_POINTS = 100_000;

function fromMixture(sample: MixtureSample): RunData {
  return { samples: sample.samples, labels: undefined, kind: 'points', modes: sample.modes, std: sample.std };
}

/**
 * Loads `--data`: an embedded data set by name, or a path that `loadImageDataset` reads (a folder of PNG/JPEG
 * images, IDX files, CIFAR-10 batches), resized to `imageSize`² when given. Errors are {@link UsageError}s saying
 * what was wrong with the argument.
 */
export async function loadRunData(data: string, options: { readonly seed: number; readonly imageSize: number | undefined; readonly channels: 1 | 3 | undefined }): Promise<RunData> {
  if (data === 'ring8') return fromMixture(ring8({ count: MIXTURE_POINTS, seed: options.seed }));
  if (data === 'grid25') return fromMixture(grid25({ count: MIXTURE_POINTS, seed: options.seed }));
  if (data === 'mnist') {
    const { images, labels } = await loadMnist().catch((error: Error) => {
      throw new UsageError(`--data mnist: ${error.message.replace(/^gan-kit: /, '')}`);
    });
    return { samples: images, labels, kind: 'images', modes: undefined, std: undefined };
  }
  const size = options.imageSize;
  try {
    const { images, labels } = await loadImageDataset(data, {
      ...(size === undefined ? {} : { height: size, width: size }),
      ...(options.channels === undefined ? {} : { channels: options.channels }),
    });
    return { samples: images, labels, kind: 'images', modes: undefined, std: undefined };
  } catch (error) {
    throw new UsageError(`--data '${data}': ${(error as Error).message}`);
  }
}
