import * as tf from '@tensorflow/tfjs-core';

import { readBinaryFile } from '../io/binary_files.js';
import { importAtRunTime, optionalPackageFolder } from '../io/optional_package.js';
import type { Rgb, RgbaImage } from '../io/raster.js';
import { compositeOnBackground, decodeImage } from './decode_image.js';
import type { LabelledImageDataset } from './image_dataset.js';
import { resizeImages } from './resize.js';

/**
 * The nine emoji categories of the Unicode emoji list (CLDR), in its order. A label l of an {@link EmojiDataset}
 * names `categories[l]` of the data set, which is this list unless {@link EmojiOptions.categories} picks others. The
 * tenth category of the list, "Component" (five skin-tone swatches), is left out.
 */
export const EMOJI_CATEGORIES = [
  'Smileys & Emotion', 'People & Body', 'Animals & Nature', 'Food & Drink', 'Travel & Places', 'Activities', 'Objects',
  'Symbols', 'Flags',
] as const;

/** One of {@link EMOJI_CATEGORIES}. */
export type EmojiCategory = (typeof EMOJI_CATEGORIES)[number];

/**
 * Which pictures: `'twitter'` (Twemoji, CC-BY 4.0, from the npm package `emoji-datasource-twitter`) or `'google'`
 * (Noto Emoji, Apache 2.0, from `emoji-datasource-google`). Both draw the same 1,906 emoji.
 */
export type EmojiSet = 'twitter' | 'google';

/** How {@link emojiDataset} and {@link loadEmoji} turn emoji pictures into images. */
export interface EmojiOptions {
  /** Side of the square images in pixels, an integer 1 … 64 (the pictures are 64 × 64). Default 32. */
  readonly size?: number;
  /**
   * The opaque colour the transparent pictures are composited on, as red, green, blue bytes 0 … 255. Default white
   * `[255, 255, 255]`, the background emoji are drawn for.
   */
  readonly background?: readonly [number, number, number];
  /**
   * Which emoji: `'all'` (default), `'train'` or `'test'`. Within each category, in the Unicode list's order, every
   * tenth emoji (the 10th, 20th, …) is held out for `'test'`, so both splits span every sub-group (faces, hands,
   * flags of every region…) and never share an emoji.
   */
  readonly split?: 'all' | 'train' | 'test';
  /** The categories to keep, in label order (label l is `categories[l]`); distinct. Default {@link EMOJI_CATEGORIES}. */
  readonly categories?: readonly EmojiCategory[];
  /** Keep only the first `count` emoji of the split (1 … its size); the order is round-robin over the categories. Default: all. */
  readonly count?: number;
}

/** Options of {@link loadEmoji}. */
export interface LoadEmojiOptions extends EmojiOptions {
  /** Which pictures, see {@link EmojiSet}. Default `'twitter'`. */
  readonly set?: EmojiSet;
  /**
   * The folder of an emoji-datasource package (holding `emoji.json` and `img/SET/64/*.png`). Default: the installed
   * package `emoji-datasource-SET`, found as `require` finds it.
   */
  readonly folder?: string;
}

/** One emoji as {@link emojiDataset} takes it: its name, its category, its place in the Unicode list and its picture. */
export interface EmojiPicture {
  /** A short name, e.g. `'grinning'`. */
  readonly name: string;
  /** Its category in the Unicode list; emoji of a category not asked for (such as "Component") are skipped. */
  readonly category: string;
  /** Its position in the Unicode list (the package's `sort_order`); it orders each category before the split. */
  readonly sortOrder: number;
  /** The picture, RGBA with transparency, of any size (the packages' are 64 × 64). */
  readonly picture: RgbaImage;
}

/** Colour emoji images with their category as the label. */
export interface EmojiDataset extends LabelledImageDataset {
  /** The category of each label: label l is `categories[l]`. */
  readonly categories: EmojiCategory[];
  /** The short name of each image, in the order of `images` (e.g. `'grinning'`). */
  readonly names: string[];
}

const DEFAULTS = { size: 32, background: [255, 255, 255] as Rgb, split: 'all' as const };
const HELD_OUT_EVERY = 10;
const PICTURE_SIDE = 64;

interface CheckedOptions {
  readonly size: number;
  readonly background: Rgb;
  readonly split: 'all' | 'train' | 'test';
  readonly categories: readonly EmojiCategory[];
  readonly count: number | undefined;
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** The options with their defaults, after checking them; `user` names the function in errors. */
function checkOptions(options: EmojiOptions, user: string): CheckedOptions {
  if (typeof options !== 'object' || options === null) throw new Error(`${user}: options must be an object such as { size: 32 }, got ${show(options)}.`);
  const { size = DEFAULTS.size, background = DEFAULTS.background, split = DEFAULTS.split, categories = EMOJI_CATEGORIES, count } = options;
  if (!Number.isInteger(size) || size < 1 || size > PICTURE_SIDE) {
    throw new Error(`${user}: size must be an integer 1 … ${PICTURE_SIDE} (the pictures are ${PICTURE_SIDE} × ${PICTURE_SIDE}), got ${show(size)}.`);
  }
  if (!Array.isArray(background) || background.length !== 3 || !background.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    throw new Error(`${user}: background must be three bytes [red, green, blue], each an integer 0 … 255, got ${show(background)}.`);
  }
  if (split !== 'all' && split !== 'train' && split !== 'test') {
    throw new Error(`${user}: split must be 'all', 'train' or 'test', got ${show(split)}.`);
  }
  const known = EMOJI_CATEGORIES as readonly string[];
  if (!Array.isArray(categories) || categories.length === 0 || new Set(categories).size !== categories.length || !categories.every((c) => known.includes(c))) {
    throw new Error(`${user}: categories must be distinct names among ${known.map((c) => `'${c}'`).join(', ')}, got ${show(categories)}.`);
  }
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    throw new Error(`${user}: count must be a positive integer, got ${show(count)}.`);
  }
  return { size, background, split, categories, count };
}

/** A labelled emoji before its picture is read. */
interface Selected<T> {
  readonly item: T;
  readonly label: number;
}

/**
 * The emoji of the split in data-set order: each category sorted by its place in the Unicode list, every tenth held
 * out for 'test', then round-robin over the categories (a category that runs out is skipped), cut to `count`.
 */
function select<T extends { readonly category: string; readonly sortOrder: number; readonly name: string }>(
  items: readonly T[],
  options: CheckedOptions,
  user: string,
): Selected<T>[] {
  const perCategory = options.categories.map((category) =>
    items
      .filter((item) => item.category === category)
      .sort((a, b) => a.sortOrder - b.sortOrder || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .filter((_, k) => options.split === 'all' || (k % HELD_OUT_EVERY === HELD_OUT_EVERY - 1) === (options.split === 'test')),
  );
  const size = perCategory.reduce((sum, list) => sum + list.length, 0);
  if (size === 0) throw new Error(`${user}: no emoji of the categories ${show(options.categories)} in split '${options.split}'.`);
  if (options.count !== undefined && options.count > size) {
    throw new Error(`${user}: count ${options.count} is more than the ${size} emoji of split '${options.split}'.`);
  }
  const n = options.count ?? size;
  const out: Selected<T>[] = [];
  for (let round = 0; out.length < n; round++) {
    perCategory.forEach((list, label) => {
      const item = list[round];
      if (item !== undefined && out.length < n) out.push({ item, label });
    });
  }
  return out;
}

/** Pictures resized together (all of one size) at most; bounds the float copy of the 64-px pictures to 12 MB. */
const CHUNK = 256;

/** Composites each picture on the background, resizes it to size × size and stacks them. */
function stack(pictures: readonly RgbaImage[], options: CheckedOptions): tf.Tensor4D {
  const { size, background } = options;
  const stride = size * size * 3;
  const values = new Float32Array(pictures.length * stride);
  for (let first = 0; first < pictures.length;) {
    // A run of consecutive pictures of the first one's size, resized as one batch.
    const { width, height } = pictures[first]!;
    let end = first + 1;
    while (end < pictures.length && end - first < CHUNK && pictures[end]!.width === width && pictures[end]!.height === height) end++;
    const composited = new Float32Array((end - first) * width * height * 3);
    for (let i = first; i < end; i++) composited.set(compositeOnBackground(pictures[i]!, background), (i - first) * width * height * 3);
    const resized = tf.tidy(() => resizeImages(tf.tensor4d(composited, [end - first, height, width, 3]), { height: size, width: size }));
    values.set(resized.dataSync(), first * stride);
    resized.dispose();
    first = end;
  }
  return tf.tensor4d(values, [pictures.length, size, size, 3], 'float32');
}

/**
 * Converts emoji pictures into an {@link EmojiDataset}: images `[n, size, size, 3]` in [−1, 1] (each picture
 * composited on `background` by the "over" operator, bytes mapped by v / 127.5 − 1, then resized by
 * {@link resizeImages}: a 2 × 2 box filter from 64 to 32) and labels `[n]` int32, the index of the emoji's category
 * in `categories`. See {@link EmojiOptions} for the split and the order. Use it where {@link loadEmoji} cannot read
 * the package's files (a browser): decode the pictures yourself and pass them with their names and categories.
 *
 * @param emoji - the pictures with their name, category and place in the Unicode list.
 * @param options - size, background, split, categories and count.
 * @throws an Error naming the option that is out of range, or when no emoji is left.
 */
export function emojiDataset(emoji: readonly EmojiPicture[], options: EmojiOptions = {}): EmojiDataset {
  const checked = checkOptions(options, 'emojiDataset');
  const chosen = select(emoji, checked, 'emojiDataset');
  return finish(chosen.map((c) => c.item.picture), chosen, checked);
}

function finish(pictures: readonly RgbaImage[], chosen: readonly Selected<{ readonly name: string }>[], options: CheckedOptions): EmojiDataset {
  const labels = chosen.map((c) => c.label);
  return {
    images: stack(pictures, options),
    labels: tf.tensor1d(labels, 'int32'),
    categories: [...options.categories],
    names: chosen.map((c) => c.item.name),
  };
}

/** An entry of an emoji-datasource package's `emoji.json`, the fields gan-kit reads. */
interface PackageEntry {
  readonly short_name: string;
  readonly image: string;
  readonly category: string;
  readonly sort_order: number;
  readonly [hasImage: `has_img_${string}`]: boolean | undefined;
}

function isPackageEntry(value: unknown): value is PackageEntry {
  const e = value as Partial<PackageEntry> | null;
  return typeof e === 'object' && e !== null && typeof e.short_name === 'string' && typeof e.image === 'string' &&
    /^[0-9a-f-]+\.png$/.test(e.image) && typeof e.category === 'string' && typeof e.sort_order === 'number';
}

/**
 * Loads the colour emoji pictures shipped by the npm package `emoji-datasource-twitter` (Twemoji, © Twitter, Inc and
 * other contributors, CC-BY 4.0; the default) or `emoji-datasource-google` (Noto Emoji, © Google, Apache 2.0) as an
 * {@link EmojiDataset} labelled by category, so nothing has to be downloaded: 1,906 emoji (skin-tone variants not
 * included) in the nine {@link EMOJI_CATEGORIES}, 1,720 in `'train'` and 186 in `'test'`. See {@link emojiDataset}
 * for the values and {@link EmojiOptions} for the split and order. The package (about 70 MB) is an optional
 * dependency; when it is missing the error says to run `npm install emoji-datasource-twitter`. Node only; reads
 * `emoji.json` and one 64 × 64 PNG per emoji (about 2 s for all of them).
 *
 * @example
 * ```ts
 * const { images, labels, categories } = await loadEmoji({ size: 32, split: 'train' }); // images: [1720, 32, 32, 3]
 * ```
 * @throws an Error naming the option that is out of range, the missing package, or the file that cannot be read.
 */
export async function loadEmoji(options: LoadEmojiOptions = {}): Promise<EmojiDataset> {
  const checked = checkOptions(options, 'loadEmoji');
  const set = options.set ?? 'twitter';
  if (set !== 'twitter' && set !== 'google') throw new Error(`loadEmoji: set must be 'twitter' or 'google', got ${show(set)}.`);
  const folder = options.folder ?? (await optionalPackageFolder(`emoji-datasource-${set}`, 'loadEmoji'));
  const { join } = await importAtRunTime<typeof import('node:path')>('node:path');
  const listFile = join(folder, 'emoji.json');
  let list: unknown;
  try {
    list = JSON.parse(new TextDecoder().decode(await readBinaryFile(listFile, 'loadEmoji')));
  } catch (error) {
    if (error instanceof SyntaxError) throw new Error(`loadEmoji: "${listFile}" is not JSON: ${error.message}`, { cause: error });
    throw error;
  }
  if (!Array.isArray(list) || !list.every(isPackageEntry)) {
    throw new Error(`loadEmoji: "${listFile}" is not an emoji-datasource list: expected an array of { short_name, image, category, sort_order } objects.`);
  }
  const items = list
    .filter((entry) => entry[`has_img_${set}`] !== false)
    .map((entry) => ({ name: entry.short_name, category: entry.category, sortOrder: entry.sort_order, image: entry.image }));
  const chosen = select(items, checked, 'loadEmoji');
  const pictures: RgbaImage[] = [];
  for (const { item } of chosen) {
    const file = join(folder, 'img', set, String(PICTURE_SIDE), item.image);
    pictures.push(await decodeImage(await readBinaryFile(file, 'loadEmoji'), file, 'loadEmoji'));
  }
  return finish(pictures, chosen, checked);
}
