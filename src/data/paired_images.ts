import * as tf from '@tensorflow/tfjs-core';
import { importAtRunTime } from '../io/optional_package.js';
import { listImageFiles, readImageFile, type LoadImageFolderOptions } from './image_folder.js';
import { checkResizeOptions, resizeImages } from './resize.js';

/**
 * Where the pairs of a paired data set are:
 * - `{ sideBySide: folder }`: each image holds a pair side by side, A on the left half and B on the right (the pix2pix
 *   data sets' layout: facades, edges2shoes, maps); `order: 'ba'` when B is on the left;
 * - `{ a: folderA, b: folderB }`: two folders whose images pair up by file name without the extension
 *   (`a/0001.png` with `b/0001.jpg`).
 */
export type PairedImageSource =
  | {
      /** A folder of side-by-side pairs. */
      readonly sideBySide: string;
      /** `'ab'` (default): A is the left half; `'ba'`: A is the right half. */
      readonly order?: 'ab' | 'ba';
    }
  | {
      /** The folder of the A images. */
      readonly a: string;
      /** The folder of the B images, named as their partners in `a`. */
      readonly b: string;
    };

/** The file(s) one pair was read from. */
export interface PairedImageFiles {
  /** The file of the A image. */
  readonly a: string;
  /** The file of the B image (the same file as `a` for a side-by-side pair). */
  readonly b: string;
}

/** Options of {@link loadPairedImages}: the size both images of a pair are resized to, and how many pairs. */
export type LoadPairedImagesOptions = LoadImageFolderOptions;

/** The pairs of a paired data set: row i of `a` and row i of `b` are one pair. The caller disposes the tensors. */
export interface PairedImageDataset {
  /** The A images (a pix2pix input), `[n, height, width, channels]` in [−1, 1]. */
  readonly a: tf.Tensor4D;
  /** The B images (the targets), `[n, height, width, channels]` in [−1, 1]. */
  readonly b: tf.Tensor4D;
  /** The file(s) each pair came from, in row order (the same file twice for side-by-side pairs). */
  readonly files: readonly PairedImageFiles[];
}

const USER = 'loadPairedImages';

/** The files of two folders paired by name without extension; an error lists names without a partner. */
async function pairByName(folderA: string, folderB: string): Promise<Array<{ a: string; b: string }>> {
  const { basename, extname } = await importAtRunTime<typeof import('node:path')>('node:path');
  const byStem = async (folder: string): Promise<Map<string, string>> => {
    const map = new Map<string, string>();
    for (const file of await listImageFiles(folder, USER)) {
      const stem = basename(file, extname(file));
      const other = map.get(stem);
      if (other !== undefined) {
        throw new Error(`${USER}: "${other}" and "${file}" have the same name without extension, so neither can be paired by name. Rename one.`);
      }
      map.set(stem, file);
    }
    return map;
  };
  const [a, b] = [await byStem(folderA), await byStem(folderB)];
  const lonely = (from: Map<string, string>, to: Map<string, string>) => [...from.keys()].filter((stem) => !to.has(stem));
  const [onlyA, onlyB] = [lonely(a, b), lonely(b, a)];
  if (onlyA.length > 0 || onlyB.length > 0) {
    const list = (stems: string[]) => stems.slice(0, 5).join(', ') + (stems.length > 5 ? ', …' : '');
    const parts = [
      onlyA.length > 0 ? `${onlyA.length} image(s) of "${folderA}" have no partner in "${folderB}" (${list(onlyA)})` : '',
      onlyB.length > 0 ? `${onlyB.length} image(s) of "${folderB}" have no partner in "${folderA}" (${list(onlyB)})` : '',
    ].filter((p) => p !== '');
    throw new Error(`${USER}: images pair up by file name without extension, but ${parts.join(' and ')}. Give each pair the same name in both folders.`);
  }
  return [...a.keys()].sort().map((stem) => ({ a: a.get(stem)!, b: b.get(stem)! }));
}

/**
 * Loads a paired image-to-image data set (pix2pix's): pairs of an input image A and its target B, either side by
 * side in one image or in two folders matched by file name (see {@link PairedImageSource}). Both images of a pair are
 * resized to `[height, width]` by {@link resizeImages} (a side-by-side image is split at half its width first) and
 * converted to `channels`, with values in [−1, 1] as {@link loadImageFolder} reads them. Pairs are in file-name order.
 * Node only.
 *
 * @param source - see {@link PairedImageSource}.
 * @param options - `height`, `width`, `channels` (1 or 3), `fit`, and `count` (the first `count` pairs).
 * @throws an Error naming the folder or file: a folder without images, a file that cannot be decoded, a side-by-side
 *   image of odd width, images without a partner of the same name.
 * @example
 * ```ts
 * const facades = await loadPairedImages({ sideBySide: 'facades/train', order: 'ba' }, { height: 256, width: 256, channels: 3 });
 * const pairs = await loadPairedImages({ a: 'edges', b: 'photos' }, { height: 64, width: 64, channels: 3 });
 * ```
 */
export async function loadPairedImages(source: PairedImageSource, options: LoadPairedImagesOptions): Promise<PairedImageDataset> {
  checkResizeOptions(options, USER);
  const { height, width, channels, count } = options;
  if (channels !== 1 && channels !== 3) throw new Error(`${USER}: channels must be 1 or 3, got ${String(channels)}.`);
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) throw new Error(`${USER}: count must be a positive integer, got ${count}.`);
  const sideBySide = typeof source === 'object' && source !== null && 'sideBySide' in source;
  let pairs: Array<{ a: string; b: string }>;
  if (sideBySide && typeof source.sideBySide === 'string') {
    if (source.order !== undefined && source.order !== 'ab' && source.order !== 'ba') {
      throw new Error(`${USER}: source.order must be 'ab' (A on the left) or 'ba', got ${JSON.stringify(source.order)}.`);
    }
    pairs = (await listImageFiles(source.sideBySide, USER)).map((file) => ({ a: file, b: file }));
  } else if (!sideBySide && typeof source === 'object' && source !== null && typeof source.a === 'string' && typeof source.b === 'string') {
    pairs = await pairByName(source.a, source.b);
  } else {
    throw new Error(`${USER}: source must be { sideBySide: folder } or { a: folderA, b: folderB }, but got ${JSON.stringify(source) ?? String(source)}.`);
  }
  if (count !== undefined && count > pairs.length) throw new Error(`${USER}: count ${count} is more than the ${pairs.length} pairs found.`);
  pairs = pairs.slice(0, count ?? pairs.length);

  const size = height * width * channels;
  const values = { a: new Float32Array(pairs.length * size), b: new Float32Array(pairs.length * size) };
  const store = (domain: 'a' | 'b', i: number, image: tf.Tensor3D) => {
    const resized = resizeImages(image, options);
    values[domain].set(resized.dataSync(), i * size);
    tf.dispose([image, resized]);
  };
  for (const [i, pair] of pairs.entries()) {
    if (sideBySide) {
      const image = await readImageFile(pair.a, USER);
      const full = image.shape[1];
      if (full % 2 !== 0) {
        image.dispose();
        throw new Error(`${USER}: "${pair.a}" is ${full} pixels wide, which cannot be split into two halves of a side-by-side pair; its width must be even.`);
      }
      const [left, right] = tf.split(image, 2, 1) as [tf.Tensor3D, tf.Tensor3D];
      image.dispose();
      const aOnLeft = (source as { order?: 'ab' | 'ba' }).order !== 'ba';
      store('a', i, aOnLeft ? left : right);
      store('b', i, aOnLeft ? right : left);
    } else {
      store('a', i, await readImageFile(pair.a, USER));
      store('b', i, await readImageFile(pair.b, USER));
    }
  }
  const shape: [number, number, number, number] = [pairs.length, height, width, channels];
  return { a: tf.tensor4d(values.a, shape), b: tf.tensor4d(values.b, shape), files: pairs };
}
