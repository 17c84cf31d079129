import * as tf from '@tensorflow/tfjs-core';
import type { SeededRandom } from '../utils/random.js';

/**
 * Samples with one class label each, for conditional training (`ConditionalTrainer`); the unconditional trainer
 * ignores the labels.
 */
export interface LabelledData {
  /** The samples `[N, ...sampleShape]`. */
  readonly samples: tf.Tensor;
  /** One integer class per sample, `[N]` or `[N, 1]`. */
  readonly labels: tf.Tensor;
}

/** Whether `data` is {@link LabelledData}: an object with a `samples` and a `labels` tensor. */
export function isLabelledData(data: unknown): data is LabelledData {
  return typeof data === 'object' && data !== null && (data as LabelledData).samples instanceof tf.Tensor && (data as LabelledData).labels instanceof tf.Tensor;
}

/** One batch of samples: a tensor `[batch, ...sampleShape]`, nested number arrays of that shape, or {@link LabelledData}. */
export type Batch = tf.Tensor | tf.TensorLike | LabelledData;

/**
 * What `fit` trains on:
 * - a tensor `[N, ...sampleShape]` (the whole data set; shuffled every epoch with the trainer's seed),
 * - an array of samples (nested number arrays, converted once to a tensor),
 * - an iterable or async iterable of batches (each `[batch, ...sampleShape]`), for streaming data. One pass over
 *   it is one epoch; a re-iterable source (an array of tensors, an object whose `[Symbol.iterator]` starts over) is
 *   read again for the next epoch;
 * - {@link LabelledData} `{ samples, labels }` in memory (shuffled like a tensor, the labels following their samples).
 */
export type DataSource = tf.Tensor | readonly tf.TensorLike[] | LabelledData | Iterable<Batch> | AsyncIterable<Batch>;

/** A batch from a {@link BatchStream}, with whether it was the last of its pass over the data. */
export interface StreamedBatch {
  readonly batch: tf.Tensor;
  /** The batch's labels `[batch]` or `[batch, 1]` when the data are labelled (the caller owns and disposes them). */
  readonly labels?: tf.Tensor;
  readonly endsEpoch: boolean;
}

/** Batches drawn from a {@link DataSource}, validated against the discriminator's input shape. */
export interface BatchStream {
  /** Batches per pass over the data, when known. */
  readonly batchesPerEpoch: number | undefined;
  /** The next batch (the caller owns and disposes it), or `undefined` when a one-shot source has run dry. */
  next(): Promise<StreamedBatch | undefined>;
  /** Releases what the stream owns (never the caller's tensors). */
  dispose(): void;
  /** Where the stream stands, for an exact resume; `undefined` when the source cannot be resumed (iterables). */
  state?(): BatchStreamState | undefined;
  /** Continues from `state` when it fits this stream (same data size and batch size); returns whether it did. */
  restore?(state: BatchStreamState): boolean;
}

/**
 * Where a shuffled in-memory stream stands: the permutation of the current pass over the data and the index of the
 * next batch in it. JSON-serializable, saved in checkpoints.
 */
export interface BatchStreamState {
  /** Samples in the data (N). */
  readonly size: number;
  /** Samples per batch. */
  readonly batchSize: number;
  /** The current pass's order of the samples: a permutation of 0 … N−1. */
  readonly order: readonly number[];
  /** Batches of this pass already handed out, in [0, ⌊N / batchSize⌋). */
  readonly position: number;
}

/** Whether `state` is a well-formed stream state for `size` samples in batches of `batchSize`. */
function fitsStream(state: BatchStreamState, size: number, batchSize: number): boolean {
  if (state === null || typeof state !== 'object' || state.size !== size || state.batchSize !== batchSize) return false;
  const { order, position } = state;
  if (!Array.isArray(order) || order.length !== size || !Number.isInteger(position) || position < 0 || position >= Math.floor(size / batchSize)) {
    return false;
  }
  const seen = new Uint8Array(size);
  for (const i of order) {
    if (!Number.isInteger(i) || i < 0 || i >= size || seen[i] === 1) return false;
    seen[i] = 1;
  }
  return true;
}

/** The input shape a discriminator expects per sample (`null` for free dimensions). */
export type SampleShape = readonly (number | null)[];

function describeShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'any' : String(d))).join(', ')}]`;
}

/**
 * Throws when `batch` (a tensor `[n, ...]`) does not match the sample shape or holds a non-finite value.
 * `what` names the data in the message.
 */
function validateBatch(batch: tf.Tensor, sampleShape: SampleShape, what: string): void {
  const shape = batch.shape.slice(1);
  const matches = batch.rank >= 1 && shape.length === sampleShape.length
    && sampleShape.every((d, i) => d === null || d === shape[i]);
  if (!matches) {
    throw new Error(
      `AdversarialTrainer.fit: ${what} has shape ${describeShape(batch.shape)}, but the discriminator takes samples ` +
      `of shape ${describeShape(sampleShape)} (so data of shape [N, ${sampleShape.map((d) => d ?? 'any').join(', ')}]). ` +
      'Reshape the data or build the models for this sample shape.',
    );
  }
  if (batch.size === 0) {
    throw new Error(`AdversarialTrainer.fit: ${what} is empty (shape ${describeShape(batch.shape)}); pass at least one sample.`);
  }
  const finite = tf.tidy(() => tf.all(tf.isFinite(batch)).dataSync()[0]);
  if (finite !== 1) {
    throw new Error(
      `AdversarialTrainer.fit: ${what} contains NaN or infinite values; clean or rescale the data (GAN images are usually in [-1, 1]).`,
    );
  }
}

/** Throws unless `labels` holds one label per sample of `samples`: `[n]` or `[n, 1]`. */
function validateLabels(labels: tf.Tensor, samples: tf.Tensor, what: string): void {
  const n = samples.shape[0];
  if (!(labels.rank === 1 || (labels.rank === 2 && labels.shape[1] === 1)) || labels.shape[0] !== n) {
    throw new Error(`AdversarialTrainer.fit: the labels of ${what} have shape ${describeShape(labels.shape)}, but there are ${n} samples; give one label per sample ([${n}] or [${n}, 1]).`);
  }
}

function toTensor(batch: tf.Tensor | tf.TensorLike, what: string): tf.Tensor {
  if (batch instanceof tf.Tensor) return batch;
  try {
    return tf.tensor(batch as tf.TensorLike, undefined, 'float32');
  } catch (error) {
    throw new Error(`AdversarialTrainer.fit: ${what} is neither a tensor nor a regular nested number array (${(error as Error).message}).`);
  }
}

/**
 * Shuffled mini-batches over an in-memory tensor; the last incomplete batch of each epoch is dropped. `random` is
 * read at every draw, so a trainer that restores its random stream is followed.
 */
class TensorBatches implements BatchStream {
  readonly batchesPerEpoch: number;
  private order: Int32Array = new Int32Array(0);
  private position = 0;

  constructor(
    private readonly data: tf.Tensor,
    private readonly owned: boolean,
    private readonly batchSize: number,
    private readonly random: () => SeededRandom,
    resume: BatchStreamState | undefined,
    private readonly labels?: tf.Tensor,
  ) {
    const n = data.shape[0] ?? 0;
    if (n < batchSize) {
      throw new RangeError(
        `AdversarialTrainer.fit: batchSize is ${batchSize}, but the data holds only ${n} samples; use a batchSize of at most ${n}.`,
      );
    }
    this.batchesPerEpoch = Math.floor(n / batchSize);
    if (resume === undefined || !this.restore(resume)) this.order = random().permutation(n);
  }

  state(): BatchStreamState {
    return { size: this.order.length, batchSize: this.batchSize, order: Array.from(this.order), position: this.position };
  }

  restore(state: BatchStreamState): boolean {
    if (!fitsStream(state, this.data.shape[0] ?? 0, this.batchSize)) return false;
    this.order = Int32Array.from(state.order);
    this.position = state.position;
    return true;
  }

  next(): Promise<StreamedBatch> {
    const start = this.position * this.batchSize;
    const indices = this.order.slice(start, start + this.batchSize);
    const [batch, labels] = tf.tidy(() => {
      const picked = tf.tensor1d(indices, 'int32');
      return [tf.gather(this.data, picked), this.labels === undefined ? undefined : tf.gather(this.labels, picked)];
    });
    this.position += 1;
    const endsEpoch = this.position === this.batchesPerEpoch;
    if (endsEpoch) {
      this.position = 0;
      this.order = this.random().permutation(this.data.shape[0] ?? 0);
    }
    return Promise.resolve(labels === undefined ? { batch: batch!, endsEpoch } : { batch: batch!, labels, endsEpoch });
  }

  dispose(): void {
    if (this.owned) this.data.dispose();
  }
}

type AnyIterator = Iterator<Batch> | AsyncIterator<Batch>;

/** Batches read from an (async) iterable, one pass per epoch; validated one by one. */
class IterableBatches implements BatchStream {
  readonly batchesPerEpoch = undefined;
  private iterator: AnyIterator;
  private pending: IteratorResult<Batch> | undefined;
  private count = 0;

  constructor(
    private readonly source: Iterable<Batch> | AsyncIterable<Batch>,
    private readonly sampleShape: SampleShape,
    first: IteratorResult<Batch>,
    iterator: AnyIterator,
  ) {
    this.iterator = iterator;
    this.pending = first;
  }

  static async open(source: Iterable<Batch> | AsyncIterable<Batch>, sampleShape: SampleShape): Promise<IterableBatches> {
    const iterator = IterableBatches.start(source);
    const first = await iterator.next();
    if (first.done === true) {
      throw new Error('AdversarialTrainer.fit: the data iterable yielded no batch; pass a non-empty data source.');
    }
    return new IterableBatches(source, sampleShape, first, iterator);
  }

  private static start(source: Iterable<Batch> | AsyncIterable<Batch>): AnyIterator {
    return Symbol.asyncIterator in source
      ? (source as AsyncIterable<Batch>)[Symbol.asyncIterator]()
      : (source as Iterable<Batch>)[Symbol.iterator]();
  }

  async next(): Promise<StreamedBatch | undefined> {
    let current = this.pending ?? await this.iterator.next();
    this.pending = undefined;
    if (current.done === true) {
      this.iterator = IterableBatches.start(this.source);
      current = await this.iterator.next();
      if (current.done === true) return undefined;
    }
    const what = `batch ${this.count} of the data iterable`;
    const value = current.value;
    const given = isLabelledData(value) ? value.samples : value;
    const batch = toTensor(given, what);
    try {
      validateBatch(batch, this.sampleShape, what);
      if (isLabelledData(value)) validateLabels(value.labels, batch, what);
    } catch (error) {
      if (batch !== given) batch.dispose();
      throw error;
    }
    this.count += 1;
    // The stream hands out a tensor the caller may dispose: copy batches the user owns, before asking the source
    // for the next one (a source may dispose what it yielded when it is resumed).
    const copy = batch === given ? tf.clone(batch) : batch;
    const labels = isLabelledData(value) ? tf.clone(value.labels) : undefined;
    this.pending = await this.iterator.next();
    const endsEpoch = this.pending.done === true;
    return labels === undefined ? { batch: copy, endsEpoch } : { batch: copy, labels, endsEpoch };
  }

  dispose(): void {
    this.pending = undefined;
  }
}

/**
 * Opens a {@link BatchStream} over `data`, validating it before any training happens: shape against
 * `sampleShape`, finiteness, non-emptiness. An in-memory source continues from `resume` when it fits (same data
 * size and batch size) instead of drawing a new order; `random` may be a function returning the current stream.
 */
export async function openBatchStream(
  data: DataSource,
  options: {
    readonly batchSize: number;
    readonly sampleShape: SampleShape;
    readonly random: SeededRandom | (() => SeededRandom);
    readonly resume?: BatchStreamState | undefined;
  },
): Promise<BatchStream> {
  const { batchSize, sampleShape, resume } = options;
  const given = options.random;
  const random = typeof given === 'function' ? given : () => given;
  if (data === null || data === undefined) {
    throw new TypeError('AdversarialTrainer.fit: data is missing; pass a tensor [N, ...sampleShape], an array of samples or an iterable of batches.');
  }
  if (data instanceof tf.Tensor) {
    validateBatch(data, sampleShape, 'data');
    return new TensorBatches(data, false, batchSize, random, resume);
  }
  if (isLabelledData(data)) {
    validateBatch(data.samples, sampleShape, 'data.samples');
    validateLabels(data.labels, data.samples, 'data');
    return new TensorBatches(data.samples, false, batchSize, random, resume, data.labels);
  }
  if (Array.isArray(data) && !(data.length > 0 && (data[0] instanceof tf.Tensor || isLabelledData(data[0])))) {
    if (data.length === 0) {
      throw new Error('AdversarialTrainer.fit: data is an empty array; pass at least one sample.');
    }
    const tensor = toTensor(data as tf.TensorLike, 'data');
    try {
      validateBatch(tensor, sampleShape, 'data');
      return new TensorBatches(tensor, true, batchSize, random, resume);
    } catch (error) {
      tensor.dispose();
      throw error;
    }
  }
  if (typeof data === 'object' && (Symbol.iterator in data || Symbol.asyncIterator in data)) {
    return IterableBatches.open(data as Iterable<Batch> | AsyncIterable<Batch>, sampleShape);
  }
  throw new TypeError(
    `AdversarialTrainer.fit: data of type ${typeof data} is not supported; pass a tensor [N, ...sampleShape], an array of samples or an iterable of batches.`,
  );
}
