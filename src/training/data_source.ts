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

/**
 * Rows that belong together, by field: every tensor `[N, ...]` with the same N, row i of each field making sample i.
 * {@link LabelledData} `{ samples, labels }` is one; paired image-to-image data `{ input, target }` is another. In
 * memory they are shuffled together, so a batch keeps its pairs.
 */
export type AlignedData = { readonly [field: string]: tf.Tensor };

/**
 * Data sets that are not paired, by field (CycleGAN's two domains): each field is shuffled and batched on its own, so
 * a batch holds a batch of each domain, unrelated row by row. Make it with {@link unpaired}. One epoch is one pass
 * over the largest field; smaller fields start their next pass as needed.
 */
export class UnpairedData {
  /** The data sets by field, each `[N_field, ...]`. */
  readonly fields: Readonly<Record<string, tf.Tensor>>;

  constructor(fields: Readonly<Record<string, tf.Tensor>>) {
    const entries = Object.entries(fields ?? {});
    if (entries.length === 0 || !entries.every(([, t]) => t instanceof tf.Tensor)) {
      throw new TypeError('unpaired: pass an object of tensors, one data set per field, such as { a: imagesA, b: imagesB }.');
    }
    this.fields = fields;
  }
}

/**
 * Declares data sets that are not paired (see {@link UnpairedData}): `fit(unpaired({ a: horses, b: zebras }), …)`
 * gives each step batches `{ a, b }` drawn independently from each.
 *
 * @param fields - one tensor `[N_field, ...]` per field; sizes may differ.
 */
export function unpaired(fields: Readonly<Record<string, tf.Tensor>>): UnpairedData {
  return new UnpairedData(fields);
}

/** Whether `data` is {@link LabelledData}: an object with a `samples` and a `labels` tensor. */
export function isLabelledData(data: unknown): data is LabelledData {
  return typeof data === 'object' && data !== null && (data as LabelledData).samples instanceof tf.Tensor && (data as LabelledData).labels instanceof tf.Tensor;
}

/** Whether `data` is an {@link AlignedData} record: a plain object whose values are all tensors (at least one). */
export function isAlignedData(data: unknown): data is AlignedData {
  if (typeof data !== 'object' || data === null || data instanceof tf.Tensor || Array.isArray(data) || data instanceof UnpairedData) return false;
  if (Symbol.iterator in data || Symbol.asyncIterator in data) return false;
  const values = Object.values(data);
  return values.length > 0 && values.every((v) => v instanceof tf.Tensor);
}

/** One batch as a step receives it: a tensor `[batch, ...sampleShape]`, or a record of such tensors (labelled, paired or unpaired data). */
export type Batch = tf.Tensor | { readonly [field: string]: tf.Tensor };

/** One batch as an iterable may yield it: a {@link Batch}, or nested number arrays of a sample batch's shape. */
export type SourceBatch = Batch | tf.TensorLike;

/**
 * What `fit` trains on:
 * - a tensor `[N, ...sampleShape]` (the whole data set; shuffled every epoch with the trainer's seed),
 * - an array of samples (nested number arrays, converted once to a tensor),
 * - {@link LabelledData} `{ samples, labels }` or any {@link AlignedData} record in memory (shuffled like a tensor, rows
 *   kept together),
 * - {@link UnpairedData} from {@link unpaired} (each field shuffled on its own),
 * - an iterable or async iterable of batches (tensors `[batch, ...sampleShape]` or records of them), for streaming
 *   data. One pass over it is one epoch; a re-iterable source (an array of tensors, an object whose
 *   `[Symbol.iterator]` starts over) is read again for the next epoch.
 */
export type DataSource = tf.Tensor | readonly tf.TensorLike[] | AlignedData | UnpairedData | Iterable<SourceBatch> | AsyncIterable<SourceBatch>;

/** A batch from a {@link BatchStream}, with whether it was the last of its pass over the data. */
export interface StreamedBatch {
  /** The batch (the caller owns and disposes its tensors). */
  readonly batch: Batch;
  readonly endsEpoch: boolean;
}

/** Batches drawn from a {@link DataSource}, validated against the algorithm's sample shape. */
export interface BatchStream {
  /** Batches per pass over the data, when known. */
  readonly batchesPerEpoch: number | undefined;
  /** The next batch (the caller owns and disposes it), or `undefined` when a one-shot source has run dry. */
  next(): Promise<StreamedBatch | undefined>;
  /** Releases what the stream owns (never the caller's tensors). */
  dispose(): void;
  /** Where the stream stands, for an exact resume; `undefined` when the source cannot be resumed (iterables). */
  state?(): DataStreamState | undefined;
  /** Continues from `state` when it fits this stream (same data sizes and batch size); returns whether it did. */
  restore?(state: DataStreamState): boolean;
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

/** Where any in-memory stream stands: one {@link BatchStreamState}, or one per field of {@link UnpairedData}. */
export type DataStreamState = BatchStreamState | { readonly [field: string]: BatchStreamState };

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

/** The input shape one sample has (`null` for free dimensions). */
export type SampleShape = readonly (number | null)[];

/** The sample shape of a batch's tensor, or one per field of record batches. */
export type SampleShapes = SampleShape | { readonly [field: string]: SampleShape };

function describeShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'any' : String(d))).join(', ')}]`;
}

/** The shape a field of a batch is checked against: a record's own entry, or a plain shape for a tensor and for `samples`. */
function shapeFor(shapes: SampleShapes | undefined, field: string | undefined): SampleShape | undefined {
  if (shapes === undefined) return undefined;
  if (Array.isArray(shapes)) return field === undefined || field === 'samples' ? shapes as SampleShape : undefined;
  return field === undefined ? undefined : (shapes as Record<string, SampleShape>)[field];
}

/**
 * Throws when `tensor` (`[n, ...]`) does not match `sampleShape` (when given) or holds a non-finite value; `what` names
 * the data in the message, `caller` the method.
 */
function validateTensor(tensor: tf.Tensor, sampleShape: SampleShape | undefined, what: string, caller: string): void {
  if (sampleShape !== undefined) {
    const shape = tensor.shape.slice(1);
    const matches = tensor.rank >= 1 && shape.length === sampleShape.length && sampleShape.every((d, i) => d === null || d === shape[i]);
    if (!matches) {
      throw new Error(
        `${caller}: ${what} has shape ${describeShape(tensor.shape)}, but the model takes samples ` +
        `of shape ${describeShape(sampleShape)} (so data of shape [N, ${sampleShape.map((d) => d ?? 'any').join(', ')}]). ` +
        'Reshape the data or build the models for this sample shape.',
      );
    }
  }
  if (tensor.size === 0) {
    throw new Error(`${caller}: ${what} is empty (shape ${describeShape(tensor.shape)}); pass at least one sample.`);
  }
  const finite = tf.tidy(() => tf.all(tf.isFinite(tensor)).dataSync()[0]);
  if (finite !== 1) {
    throw new Error(`${caller}: ${what} contains NaN or infinite values; clean or rescale the data (GAN images are usually in [-1, 1]).`);
  }
}

/** Throws unless every field of `record` has the same number of rows, and `labels` (when present) one label per row. */
function validateAligned(record: AlignedData, shapes: SampleShapes | undefined, what: string, caller: string): void {
  const fields = Object.entries(record);
  const n = fields[0]![1].shape[0];
  for (const [field, tensor] of fields) {
    const where = `${what}.${field}`;
    if (field === 'labels') {
      if (!(tensor.rank === 1 || (tensor.rank === 2 && tensor.shape[1] === 1)) || tensor.shape[0] !== n) {
        throw new Error(`${caller}: the labels of ${what} have shape ${describeShape(tensor.shape)}, but there are ${n} samples; give one label per sample ([${n}] or [${n}, 1]).`);
      }
      continue;
    }
    if (tensor.shape[0] !== n) {
      throw new Error(`${caller}: ${where} has ${tensor.shape[0]} rows, but ${what}.${fields[0]![0]} has ${n}; the fields of paired data must have one row per sample each.`);
    }
    validateTensor(tensor, shapeFor(shapes, field), where, caller);
  }
}

function toTensor(batch: SourceBatch, what: string, caller: string): tf.Tensor {
  if (batch instanceof tf.Tensor) return batch;
  try {
    return tf.tensor(batch as tf.TensorLike, undefined, 'float32');
  } catch (error) {
    throw new Error(`${caller}: ${what} is neither a tensor nor a regular nested number array (${(error as Error).message}).`);
  }
}

/**
 * Shuffled mini-batches over in-memory rows (a tensor, or aligned fields); the last incomplete batch of each epoch is
 * dropped. `random` is read at every draw, so a trainer that restores its random stream is followed.
 */
class TensorBatches {
  readonly batchesPerEpoch: number;
  private order: Int32Array = new Int32Array(0);
  private position = 0;
  private readonly size: number;

  constructor(
    private readonly data: tf.Tensor | AlignedData,
    private readonly owned: boolean,
    private readonly batchSize: number,
    private readonly random: () => SeededRandom,
    resume: BatchStreamState | undefined,
    caller: string,
    what = 'the data',
  ) {
    this.size = (data instanceof tf.Tensor ? data : Object.values(data)[0]!).shape[0] ?? 0;
    if (this.size < batchSize) {
      throw new RangeError(`${caller}: batchSize is ${batchSize}, but ${what} holds only ${this.size} samples; use a batchSize of at most ${this.size}.`);
    }
    this.batchesPerEpoch = Math.floor(this.size / batchSize);
    if (resume === undefined || !this.restore(resume)) this.order = random().permutation(this.size);
  }

  state(): BatchStreamState {
    return { size: this.order.length, batchSize: this.batchSize, order: Array.from(this.order), position: this.position };
  }

  restore(state: BatchStreamState): boolean {
    if (!fitsStream(state, this.size, this.batchSize)) return false;
    this.order = Int32Array.from(state.order);
    this.position = state.position;
    return true;
  }

  next(): StreamedBatch {
    const start = this.position * this.batchSize;
    const indices = this.order.slice(start, start + this.batchSize);
    const data = this.data;
    const batch = tf.tidy(() => {
      const picked = tf.tensor1d(indices, 'int32');
      return data instanceof tf.Tensor
        ? tf.gather(data, picked)
        : Object.fromEntries(Object.entries(data).map(([field, t]) => [field, tf.gather(t, picked)]));
    }) as Batch;
    this.position += 1;
    const endsEpoch = this.position === this.batchesPerEpoch;
    if (endsEpoch) {
      this.position = 0;
      this.order = this.random().permutation(this.size);
    }
    return { batch, endsEpoch };
  }

  dispose(): void {
    if (this.owned) tf.dispose(this.data as tf.Tensor);
  }
}

/** In-memory rows as a {@link BatchStream}. */
class InMemoryStream implements BatchStream {
  constructor(private readonly batches: TensorBatches) {}
  get batchesPerEpoch(): number {
    return this.batches.batchesPerEpoch;
  }
  next(): Promise<StreamedBatch> {
    return Promise.resolve(this.batches.next());
  }
  state(): BatchStreamState {
    return this.batches.state();
  }
  restore(state: DataStreamState): boolean {
    return this.batches.restore(state as BatchStreamState);
  }
  dispose(): void {
    this.batches.dispose();
  }
}

/** {@link UnpairedData}: one shuffled stream per field; an epoch ends with a pass over the largest field. */
class UnpairedStream implements BatchStream {
  readonly batchesPerEpoch: number;
  private readonly largest: string;

  constructor(private readonly streams: Readonly<Record<string, TensorBatches>>) {
    const entries = Object.entries(streams);
    const [largest, stream] = entries.reduce((a, b) => (b[1].batchesPerEpoch > a[1].batchesPerEpoch ? b : a));
    this.largest = largest;
    this.batchesPerEpoch = stream.batchesPerEpoch;
  }

  next(): Promise<StreamedBatch> {
    const batch: Record<string, tf.Tensor> = {};
    let endsEpoch = false;
    for (const [field, stream] of Object.entries(this.streams)) {
      const next = stream.next();
      batch[field] = next.batch as tf.Tensor;
      if (field === this.largest) endsEpoch = next.endsEpoch;
    }
    return Promise.resolve({ batch, endsEpoch });
  }

  state(): { readonly [field: string]: BatchStreamState } {
    return Object.fromEntries(Object.entries(this.streams).map(([field, s]) => [field, s.state()]));
  }

  restore(state: DataStreamState): boolean {
    const states = state as Record<string, BatchStreamState>;
    const fields = Object.keys(this.streams);
    if (state === null || typeof state !== 'object' || Object.keys(states).sort().join() !== [...fields].sort().join()) return false;
    if (!fields.every((f) => fitsStream(states[f]!, this.streams[f]!.state().size, this.streams[f]!.state().batchSize))) return false;
    return fields.every((f) => this.streams[f]!.restore(states[f]!));
  }

  dispose(): void {
    for (const s of Object.values(this.streams)) s.dispose();
  }
}

type AnyIterator = Iterator<SourceBatch> | AsyncIterator<SourceBatch>;

/** Batches read from an (async) iterable, one pass per epoch; validated one by one. */
class IterableBatches implements BatchStream {
  readonly batchesPerEpoch = undefined;
  private iterator: AnyIterator;
  private pending: IteratorResult<SourceBatch> | undefined;
  private count = 0;

  private constructor(
    private readonly source: Iterable<SourceBatch> | AsyncIterable<SourceBatch>,
    private readonly sampleShape: SampleShapes | undefined,
    private readonly caller: string,
    first: IteratorResult<SourceBatch>,
    iterator: AnyIterator,
  ) {
    this.iterator = iterator;
    this.pending = first;
  }

  static async open(source: Iterable<SourceBatch> | AsyncIterable<SourceBatch>, sampleShape: SampleShapes | undefined, caller: string): Promise<IterableBatches> {
    const iterator = IterableBatches.start(source);
    const first = await iterator.next();
    if (first.done === true) {
      throw new Error(`${caller}: the data iterable yielded no batch; pass a non-empty data source.`);
    }
    return new IterableBatches(source, sampleShape, caller, first, iterator);
  }

  private static start(source: Iterable<SourceBatch> | AsyncIterable<SourceBatch>): AnyIterator {
    return Symbol.asyncIterator in source
      ? (source as AsyncIterable<SourceBatch>)[Symbol.asyncIterator]()
      : (source as Iterable<SourceBatch>)[Symbol.iterator]();
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
    // The stream hands out tensors the caller may dispose: copy the batches the user owns before asking the source
    // for the next one (a source may dispose what it yielded when it is resumed).
    let batch: Batch;
    if (isAlignedData(value)) {
      validateAligned(value, this.sampleShape, what, this.caller);
      batch = Object.fromEntries(Object.entries(value).map(([field, t]) => [field, tf.clone(t)]));
    } else {
      const tensor = toTensor(value, what, this.caller);
      try {
        validateTensor(tensor, shapeFor(this.sampleShape, undefined), what, this.caller);
      } catch (error) {
        if (tensor !== value) tensor.dispose();
        throw error;
      }
      batch = tensor === value ? tf.clone(tensor) : tensor;
    }
    this.count += 1;
    this.pending = await this.iterator.next();
    return { batch, endsEpoch: this.pending.done === true };
  }

  dispose(): void {
    this.pending = undefined;
  }
}

/** Options of {@link openBatchStream}. */
export interface OpenBatchStreamOptions {
  readonly batchSize: number;
  /** What batches are checked against (see `GanAlgorithm.sampleShape`); absent: shapes are not checked. */
  readonly sampleShape: SampleShapes | undefined;
  /** The random stream that shuffles, or a function returning the current one. */
  readonly random: SeededRandom | (() => SeededRandom);
  /** A saved position to continue from, used when it fits. */
  readonly resume?: DataStreamState | undefined;
  /** The method named in error messages (`'AdversarialTrainer.fit'`). Default `'fit'`. */
  readonly caller?: string;
}

/**
 * Opens a {@link BatchStream} over `data`, validating it before any training happens: shapes against
 * `sampleShape`, finiteness, non-emptiness, rows of paired fields. An in-memory source continues from `resume` when it
 * fits (same data sizes and batch size) instead of drawing a new order.
 */
export async function openBatchStream(data: DataSource, options: OpenBatchStreamOptions): Promise<BatchStream> {
  const { batchSize, sampleShape, resume, caller = 'fit' } = options;
  const given = options.random;
  const random = typeof given === 'function' ? given : () => given;
  if (data === null || data === undefined) {
    throw new TypeError(`${caller}: data is missing; pass a tensor [N, ...sampleShape], an array of samples or an iterable of batches.`);
  }
  if (data instanceof tf.Tensor) {
    validateTensor(data, shapeFor(sampleShape, undefined), 'data', caller);
    return new InMemoryStream(new TensorBatches(data, false, batchSize, random, resume as BatchStreamState | undefined, caller));
  }
  if (data instanceof UnpairedData) {
    const streams: Record<string, TensorBatches> = {};
    const states = (resume ?? {}) as Record<string, BatchStreamState>;
    for (const [field, tensor] of Object.entries(data.fields)) {
      validateTensor(tensor, shapeFor(sampleShape, field), `data.${field}`, caller);
      streams[field] = new TensorBatches(tensor, false, batchSize, random, states[field], caller, `data.${field}`);
    }
    return new UnpairedStream(streams);
  }
  if (isAlignedData(data)) {
    validateAligned(data, sampleShape, 'data', caller);
    return new InMemoryStream(new TensorBatches(data, false, batchSize, random, resume as BatchStreamState | undefined, caller));
  }
  if (Array.isArray(data) && !(data.length > 0 && (data[0] instanceof tf.Tensor || isAlignedData(data[0])))) {
    if (data.length === 0) throw new Error(`${caller}: data is an empty array; pass at least one sample.`);
    const tensor = toTensor(data as tf.TensorLike, 'data', caller);
    try {
      validateTensor(tensor, shapeFor(sampleShape, undefined), 'data', caller);
      return new InMemoryStream(new TensorBatches(tensor, true, batchSize, random, resume as BatchStreamState | undefined, caller));
    } catch (error) {
      tensor.dispose();
      throw error;
    }
  }
  if (typeof data === 'object' && (Symbol.iterator in data || Symbol.asyncIterator in data)) {
    return IterableBatches.open(data as Iterable<SourceBatch> | AsyncIterable<SourceBatch>, sampleShape, caller);
  }
  throw new TypeError(
    `${caller}: data of type ${typeof data} is not supported; pass a tensor [N, ...sampleShape], an array of samples or an iterable of batches.`,
  );
}
