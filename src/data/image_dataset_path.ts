import { importAtRunTime } from '../io/optional_package.js';
import { loadCifar10 } from './cifar.js';
import { loadIdx } from './idx.js';
import type { ImageDataset } from './image_dataset.js';
import { loadImageFolder } from './image_folder.js';
import { checkResizeOptions, resizeImages } from './resize.js';

/** What {@link loadImageDataset} found at a path. */
export type ImageDatasetKind = 'idx' | 'cifar10' | 'image-folder';

/** Options of {@link loadImageDataset}. */
export interface LoadImageDatasetOptions {
  /** Resize to this height (required, with `width` and `channels`, for a folder of images). Default: as stored. */
  readonly height?: number;
  /** Resize to this width. Default: as stored. */
  readonly width?: number;
  /** Convert to 1 (grey) or 3 (RGB) channels. Default: as stored. */
  readonly channels?: 1 | 3;
  /** How images of another aspect ratio are fitted when resized; see {@link resizeImages}. Default 'stretch'. */
  readonly fit?: 'stretch' | 'center-crop';
  /** Keep only the first `count` images. Default: all. */
  readonly count?: number;
}

/** Images loaded by {@link loadImageDataset}, with what they were read from. */
export interface PathImageDataset extends ImageDataset {
  /** The format recognized. */
  readonly kind: ImageDatasetKind;
  /** The files read (for IDX: images then labels, when found). */
  readonly files: string[];
}

const IDX_IMAGES = /images[.-]idx3-ubyte(\.gz)?$/;
const CIFAR_TRAIN = /^data_batch_(\d+)\.bin$/;

/** The labels file MNIST's naming pairs with an images file: 'images' → 'labels', 'idx3' → 'idx1'. */
const labelsName = (imagesName: string): string => imagesName.replace(/images(?=[.-]idx3)/, 'labels').replace('idx3', 'idx1');

/**
 * Loads the images stored at a path, recognizing the format (Node only):
 * - a folder holding `*-images-idx3-ubyte[.gz]` (MNIST, Fashion-MNIST): the training file when there is one, with
 *   its `*-labels-idx1-ubyte[.gz]` when present (see {@link loadIdx});
 * - a folder holding `data_batch_N.bin` (CIFAR-10, cifar-10-batches-bin): all of them in order of N; else
 *   `test_batch.bin` (see {@link loadCifar10});
 * - any other folder: its PNG and JPEG images (see {@link loadImageFolder}; height, width and channels required);
 * - a file: a CIFAR-10 batch when it ends in `.bin`, else an IDX images file (with its labels file when present).
 *
 * IDX and CIFAR-10 images are resized and converted by {@link resizeImages} when height, width or channels differ.
 *
 * @example
 * ```ts
 * const data = await loadImageDataset('fashion-mnist/', { count: 20000 }); // data.kind === 'idx'
 * ```
 * @throws an Error naming the path when it does not exist or holds nothing loadable, and the loaders' errors.
 */
export async function loadImageDataset(path: string, options: LoadImageDatasetOptions = {}): Promise<PathImageDataset> {
  const { height, width, channels, fit, count } = options;
  if ((height === undefined) !== (width === undefined)) {
    throw new Error(`loadImageDataset: pass both height and width or neither; got height ${height} and width ${width}.`);
  }
  if (height !== undefined && width !== undefined) checkResizeOptions({ height, width }, 'loadImageDataset');
  if (channels !== undefined && channels !== 1 && channels !== 3) {
    throw new Error(`loadImageDataset: channels must be 1 or 3, got ${String(channels)}.`);
  }
  const { readdir, stat } = await importAtRunTime<typeof import('node:fs/promises')>('node:fs/promises');
  const { basename, dirname, join } = await importAtRunTime<typeof import('node:path')>('node:path');
  const exists = async (file: string): Promise<boolean> => stat(file).then((s) => s.isFile(), () => false);
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new Error(`loadImageDataset: cannot read "${path}": ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const countOption = count === undefined ? {} : { count };

  const fromIdx = async (images: string): Promise<PathImageDataset> => {
    const labels = join(dirname(images), labelsName(basename(images)));
    const withLabels = labels !== images && (await exists(labels));
    const data = await loadIdx({ images, ...(withLabels ? { labels } : {}), ...countOption });
    return { ...data, kind: 'idx', files: withLabels ? [images, labels] : [images] };
  };
  const fromCifar = async (files: string[]): Promise<PathImageDataset> => ({ ...(await loadCifar10({ files, ...countOption })), kind: 'cifar10', files });

  let found: PathImageDataset;
  if (info.isDirectory()) {
    const names = (await readdir(path)).sort();
    const idx = names.filter((n) => IDX_IMAGES.test(n));
    const cifar = names.filter((n) => CIFAR_TRAIN.test(n)).sort((a, b) => Number(CIFAR_TRAIN.exec(a)![1]) - Number(CIFAR_TRAIN.exec(b)![1]));
    if (idx.length > 0) {
      found = await fromIdx(join(path, idx.find((n) => n.startsWith('train')) ?? idx[0]!));
    } else if (cifar.length > 0 || names.includes('test_batch.bin')) {
      found = await fromCifar((cifar.length > 0 ? cifar : ['test_batch.bin']).map((n) => join(path, n)));
    } else {
      if (height === undefined || width === undefined || channels === undefined) {
        throw new Error(`loadImageDataset: "${path}" is taken as a folder of images, which needs height, width and channels to resize them to.`);
      }
      const data = await loadImageFolder(path, { height, width, channels, ...(fit === undefined ? {} : { fit }), ...countOption });
      return { ...data, kind: 'image-folder' };
    }
  } else {
    found = /\.bin$/i.test(path) ? await fromCifar([path]) : await fromIdx(path);
  }

  const [, h, w, c] = found.images.shape;
  if ((height ?? h) === h && (width ?? w) === w && (channels ?? c) === c) return found;
  const resized = resizeImages(found.images, {
    height: height ?? h,
    width: width ?? w,
    ...(channels === undefined ? {} : { channels }),
    ...(fit === undefined ? {} : { fit }),
  });
  found.images.dispose();
  return { ...found, images: resized };
}
