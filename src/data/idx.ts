import * as tf from '@tensorflow/tfjs-core';

import { readBinaryFile } from '../io/binary_files.js';
import { importAtRunTime } from '../io/optional_package.js';
import { bytesToUnitRange, type ImageDataset } from './image_dataset.js';

/** An unsigned-byte IDX array: its dimensions and its values in row-major order. */
export interface IdxArray {
  /** The dimensions declared in the header, e.g. `[60000, 28, 28]` for MNIST training images. */
  readonly shape: number[];
  /** The values, `shape` multiplied out, a view into the parsed bytes (not a copy). */
  readonly data: Uint8Array;
}

/** Options of {@link loadIdx}. */
export interface LoadIdxOptions {
  /** Path of an IDX images file (magic 0x00000803: n × height × width unsigned bytes), plain or gzip-compressed. */
  readonly images: string;
  /** Path of the matching IDX labels file (magic 0x00000801: n unsigned bytes), plain or gzip-compressed. */
  readonly labels?: string;
  /** Keep only the first `count` images (1 … n). Default: all. */
  readonly count?: number;
}

const UNSIGNED_BYTE = 0x08;
/** The most a gzip'd IDX file may expand to (bytes); MNIST's largest file is 47 MB. */
const MAX_GUNZIPPED_BYTES = 2 ** 31;

const hex = (value: number): string => `0x${value.toString(16).padStart(8, '0')}`;

/**
 * Parses an unsigned-byte IDX file (the format of MNIST and Fashion-MNIST, http://yann.lecun.com/exdb/mnist/):
 * a big-endian header — two zero bytes, the type code 0x08, the number of dimensions d — then d big-endian uint32
 * sizes, then the values. The declared size is checked against the actual byte length before anything is read, so a
 * corrupt header never causes a large allocation.
 *
 * @param bytes - the whole (uncompressed) file.
 * @param source - the file's name, used in error messages.
 * @throws an Error naming `source` when the magic number, type code or length is wrong.
 */
export function parseIdx(bytes: Uint8Array, source: string): IdxArray {
  const fail = (what: string): never => {
    throw new Error(`parseIdx: "${source}" is not a valid IDX file: ${what}.`);
  };
  if (bytes.length < 4) fail(`it has ${bytes.length} bytes, fewer than the 4 of the magic number`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (bytes[0] !== 0 || bytes[1] !== 0) fail(`magic number ${hex(magic)} does not start with two zero bytes`);
  if (bytes[2] !== UNSIGNED_BYTE) {
    fail(`type code 0x${bytes[2]!.toString(16).padStart(2, '0')} in magic number ${hex(magic)} is not 0x08 (unsigned byte), the only type gan-kit reads`);
  }
  const rank = bytes[3]!;
  if (rank === 0) fail(`magic number ${hex(magic)} declares 0 dimensions`);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) fail(`magic number ${hex(magic)} declares ${rank} dimensions but the file ends after ${bytes.length} bytes`);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const declared = shape.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerBytes;
  if (declared > actual) fail(`its header declares shape [${shape.join(', ')}] = ${declared} bytes of data but only ${actual} follow (truncated?)`);
  if (declared < actual) fail(`its header declares shape [${shape.join(', ')}] = ${declared} bytes of data but ${actual} follow`);
  return { shape, data: bytes.subarray(headerBytes) };
}

/** Reads a file and inflates it when it starts with the gzip signature 1f 8b. */
async function readMaybeGzipped(path: string): Promise<Uint8Array> {
  const bytes = await readBinaryFile(path, 'loadIdx');
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const { gunzipSync } = await importAtRunTime<typeof import('node:zlib')>('node:zlib');
  try {
    const inflated = gunzipSync(bytes, { maxOutputLength: MAX_GUNZIPPED_BYTES });
    return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`loadIdx: "${path}" starts like a gzip file but cannot be inflated: ${reason}.`, { cause: error });
  }
}

/** Parses an IDX file and checks its magic number is exactly `expected`. */
function parseExpecting(bytes: Uint8Array, path: string, expected: number, what: string): IdxArray {
  const array = parseIdx(bytes, path);
  const magic = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  if (magic !== expected) {
    throw new Error(`loadIdx: "${path}" has magic number ${hex(magic)} (shape [${array.shape.join(', ')}]); ${what} need ${hex(expected)}.`);
  }
  return array;
}

/**
 * Loads MNIST-style IDX files (MNIST, Fashion-MNIST, KMNIST, EMNIST …) into an {@link ImageDataset}: images
 * `[n, height, width, 1]` mapped from bytes 0 … 255 onto [−1, 1] (v / 127.5 − 1), and, when a labels file is given,
 * labels `[n]` int32. Gzip-compressed files (`.gz`, as downloaded) are recognized by their content and inflated.
 * Node only (reads files with `node:fs` and `node:zlib`, imported on first use).
 *
 * @example
 * ```ts
 * const { images, labels } = await loadIdx({
 *   images: 'fashion/train-images-idx3-ubyte.gz',
 *   labels: 'fashion/train-labels-idx1-ubyte.gz',
 * }); // images: [60000, 28, 28, 1]
 * ```
 * @throws an Error naming the file when it cannot be read, is not an unsigned-byte IDX file of the right kind, is
 *   truncated or has trailing bytes, or when images and labels disagree in number.
 */
export async function loadIdx(options: LoadIdxOptions): Promise<ImageDataset> {
  const { count } = options;
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    throw new Error(`loadIdx: count must be a positive integer, got ${count}.`);
  }
  const [imageBytes, labelBytes] = await Promise.all([
    readMaybeGzipped(options.images),
    options.labels === undefined ? undefined : readMaybeGzipped(options.labels),
  ]);
  const images = parseExpecting(imageBytes, options.images, 0x00000803, 'images');
  const [n, height, width] = images.shape as [number, number, number];
  if (n === 0) throw new Error(`loadIdx: "${options.images}" holds no images.`);
  const labels = labelBytes === undefined ? undefined : parseExpecting(labelBytes, options.labels!, 0x00000801, 'labels');
  if (labels !== undefined && labels.shape[0] !== n) {
    throw new Error(`loadIdx: "${options.images}" holds ${n} images but "${options.labels}" holds ${labels.shape[0]} labels; pass the matching pair.`);
  }
  if (count !== undefined && count > n) {
    throw new Error(`loadIdx: count ${count} is more than the ${n} images in "${options.images}".`);
  }
  const kept = count ?? n;
  const pixels = bytesToUnitRange(images.data.subarray(0, kept * height * width));
  const imageTensor = tf.tensor4d(pixels, [kept, height, width, 1], 'float32');
  if (labels === undefined) return { images: imageTensor };
  return { images: imageTensor, labels: tf.tensor1d(Int32Array.from(labels.data.subarray(0, kept)), 'int32') };
}
