import * as tf from '@tensorflow/tfjs-core';

import { readBinaryFile } from '../io/binary_files.js';
import { bytesToUnitRange, type LabelledImageDataset } from './image_dataset.js';

/** The ten CIFAR-10 classes, indexed by label (from the dataset's `batches.meta.txt`). */
export const CIFAR10_CLASSES: readonly string[] = [
  'airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck',
];

/** Options of {@link loadCifar10}. */
export interface LoadCifar10Options {
  /**
   * One or more CIFAR-10 binary batch files (`data_batch_1.bin` … `data_batch_5.bin`, `test_batch.bin` of
   * cifar-10-binary.tar.gz, extracted), concatenated in the order given.
   */
  readonly files: string | readonly string[];
  /** Keep only the first `count` images (1 … n). Default: all. */
  readonly count?: number;
}

const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;

/**
 * Parses CIFAR-10 binary batches (https://www.cs.toronto.edu/~kriz/cifar.html; Krizhevsky 2009): records of
 * 3073 bytes, a label byte 0 … 9 then the red, green and blue 32×32 planes row by row. Converts them to channels-last
 * images `[n, 32, 32, 3]` with bytes 0 … 255 mapped onto [−1, 1] (v / 127.5 − 1) and labels `[n]` int32.
 *
 * @param files - the content of each batch, with the name used in error messages.
 * @param count - keep only the first `count` records. Default: all.
 * @throws an Error naming the file whose length is not a positive multiple of 3073 or that holds a label above 9.
 */
export function parseCifar10(files: ReadonlyArray<{ readonly bytes: Uint8Array; readonly source: string }>, count?: number): LabelledImageDataset {
  let total = 0;
  for (const { bytes, source } of files) {
    if (bytes.length === 0 || bytes.length % RECORD !== 0) {
      throw new Error(
        `parseCifar10: "${source}" has ${bytes.length} bytes, not a positive multiple of the ${RECORD}-byte CIFAR-10 record` +
          ` (${bytes.length % RECORD} bytes left over: truncated, or not a CIFAR-10 binary batch).`,
      );
    }
    for (let r = 0; r < bytes.length / RECORD; r++) {
      const label = bytes[r * RECORD]!;
      if (label > 9) throw new Error(`parseCifar10: "${source}" record ${r} has label byte ${label}; CIFAR-10 labels are 0 … 9 (a CIFAR-100 file, or corrupt?).`);
    }
    total += bytes.length / RECORD;
  }
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > total)) {
    throw new Error(`parseCifar10: count must be an integer in 1 … ${total} (the records in the files), got ${count}.`);
  }
  const n = count ?? total;
  const channelsLast = new Uint8Array(n * PLANE * 3);
  const labels = new Int32Array(n);
  let k = 0;
  for (const { bytes } of files) {
    for (let r = 0; r < bytes.length / RECORD && k < n; r++, k++) {
      const record = r * RECORD;
      labels[k] = bytes[record]!;
      const out = k * PLANE * 3;
      for (let p = 0; p < PLANE; p++) {
        for (let c = 0; c < 3; c++) channelsLast[out + 3 * p + c] = bytes[record + 1 + c * PLANE + p]!;
      }
    }
  }
  return { images: tf.tensor4d(bytesToUnitRange(channelsLast), [n, SIDE, SIDE, 3], 'float32'), labels: tf.tensor1d(labels, 'int32') };
}

/**
 * Loads CIFAR-10 binary batch files into a {@link LabelledImageDataset}: images `[n, 32, 32, 3]` in [−1, 1] and
 * labels `[n]` int32 (class names in {@link CIFAR10_CLASSES}). Node only (reads files with `node:fs`, imported on
 * first use); in a browser, fetch the bytes and call {@link parseCifar10}.
 *
 * @example
 * ```ts
 * const dir = 'cifar-10-batches-bin';
 * const { images, labels } = await loadCifar10({
 *   files: [1, 2, 3, 4, 5].map((i) => `${dir}/data_batch_${i}.bin`),
 * }); // images: [50000, 32, 32, 3]
 * ```
 */
export async function loadCifar10(options: LoadCifar10Options): Promise<LabelledImageDataset> {
  const paths = typeof options.files === 'string' ? [options.files] : options.files;
  if (paths.length === 0) throw new Error('loadCifar10: files is empty; pass one or more CIFAR-10 .bin batch files.');
  const contents = await Promise.all(paths.map(async (source) => ({ bytes: await readBinaryFile(source, 'loadCifar10'), source })));
  return parseCifar10(contents, options.count);
}
