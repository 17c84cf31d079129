import * as tf from '@tensorflow/tfjs-core';

import { importAtRunTime } from '../io/optional_package.js';
import { readBinaryFile } from '../io/binary_files.js';
import type { RgbaImage } from '../io/raster.js';
import { compositeOnBackground, decodeImage } from './decode_image.js';
import type { ImageDataset } from './image_dataset.js';
import { checkResizeOptions, resizeImages, type ResizeImagesOptions } from './resize.js';

/** Options of {@link loadImageFolder}: the size to resize to (see {@link resizeImages}) and how many images. */
export interface LoadImageFolderOptions extends ResizeImagesOptions {
  /** 1 for grey (luma 0.299 R + 0.587 G + 0.114 B, ITU-R BT.601) or 3 for RGB. */
  readonly channels: 1 | 3;
  /** Keep only the first `count` images in name order (1 … the number of images). Default: all. */
  readonly count?: number;
}

/** The images of a folder, with the file each came from. */
export interface ImageFolderDataset extends ImageDataset {
  /** The image files read, in the order of `images` (sorted by name). */
  readonly files: string[];
}

const IMAGE_NAME = /\.(png|jpe?g)$/i;
/**
 * Loads the PNG and JPEG images of a folder (files named `*.png`, `*.jpg`, `*.jpeg`, any case; other files and
 * sub-folders are skipped), sorted by file name, each resized to `[height, width]` by {@link resizeImages}, as an
 * {@link ImageFolderDataset}: images `[n, height, width, channels]` in [−1, 1] (bytes mapped by v / 127.5 − 1).
 * Transparent pixels are composited over black. Node only (reads with `node:fs`, imported on first use); decodes
 * with the packages `pngjs` and `jpeg-js`.
 *
 * @example
 * ```ts
 * const { images, files } = await loadImageFolder('faces/', { height: 64, width: 64, channels: 3, fit: 'center-crop' });
 * ```
 * @throws an Error naming the folder when it cannot be listed or holds no image, and naming the file when an image
 *   cannot be read or decoded.
 */
export async function loadImageFolder(folder: string, options: LoadImageFolderOptions): Promise<ImageFolderDataset> {
  const { height, width, channels, count } = options;
  checkResizeOptions(options, 'loadImageFolder');
  if (channels !== 1 && channels !== 3) throw new Error(`loadImageFolder: channels must be 1 or 3, got ${String(channels)}.`);
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    throw new Error(`loadImageFolder: count must be a positive integer, got ${count}.`);
  }
  const paths = await listImageFiles(folder, 'loadImageFolder');
  if (count !== undefined && count > paths.length) {
    throw new Error(`loadImageFolder: count ${count} is more than the ${paths.length} images in "${folder}".`);
  }
  const files = paths.slice(0, count ?? paths.length);
  const size = height * width * channels;
  const values = new Float32Array(files.length * size);
  for (const [i, file] of files.entries()) {
    const pixels = await readImageFile(file, 'loadImageFolder');
    const resized = resizeImages(pixels, options);
    values.set(resized.dataSync(), i * size);
    tf.dispose([pixels, resized]);
  }
  return { images: tf.tensor4d(values, [files.length, height, width, channels], 'float32'), files };
}

/**
 * The PNG and JPEG files of a folder (named `*.png`, `*.jpg`, `*.jpeg`, any case; other files and sub-folders are
 * skipped) as paths, sorted by file name. Node only. `user` names the caller in errors.
 *
 * @throws an Error naming the folder when it cannot be listed or holds no image.
 */
export async function listImageFiles(folder: string, user: string): Promise<string[]> {
  const { readdir } = await importAtRunTime<typeof import('node:fs/promises')>('node:fs/promises');
  const { join } = await importAtRunTime<typeof import('node:path')>('node:path');
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw new Error(`${user}: cannot list the folder "${folder}": ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const names = entries
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && IMAGE_NAME.test(e.name))
    .map((e) => e.name)
    .sort();
  if (names.length === 0) throw new Error(`${user}: the folder "${folder}" holds no .png, .jpg or .jpeg file.`);
  return names.map((name) => join(folder, name));
}

/**
 * Reads and decodes one PNG or JPEG file at its own size: RGB values in [−1, 1] (v / 127.5 − 1), transparent pixels
 * composited over black, `[height, width, 3]`. `user` names the caller in errors. The caller disposes the tensor.
 *
 * @throws an Error naming the file when it cannot be read or decoded.
 */
export async function readImageFile(file: string, user: string): Promise<tf.Tensor3D> {
  return imageTensor(await decodeImageFile(file, user));
}

/** Reads and decodes one PNG or JPEG file to RGBA bytes; `user` names the caller in errors (see {@link decodeImage}). */
export async function decodeImageFile(file: string, user: string): Promise<RgbaImage> {
  return decodeImage(await readBinaryFile(file, user), file, user);
}

/** A decoded picture as RGB values in [−1, 1], `[height, width, 3]`, transparent pixels composited over black. */
export function imageTensor(image: RgbaImage): tf.Tensor3D {
  return tf.tensor3d(compositeOnBackground(image, [0, 0, 0]), [image.height, image.width, 3]);
}
