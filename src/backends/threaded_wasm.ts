import * as tf from '@tensorflow/tfjs-core';
import { importAtRunTime } from '../io/optional_package.js';
import { pthreadWorkerClass, type PthreadWorkerScripts } from './node_pthread_worker.js';
import { initializedBackend } from './initialized_backend.js';

/** The thread controls of `@tensorflow/tfjs-backend-wasm` (its module object satisfies this interface). */
export interface WasmThreadControls {
  /** Sets the XNNPACK thread count used when the backend initializes. */
  setThreadsCount(numThreads: number): void;
  /** The thread count of the initialized backend. */
  getThreadsCount(): number;
}

/** Options of {@link initThreadedWasm}. */
export interface ThreadedWasmOptions {
  /**
   * Threads for XNNPACK, the calling thread included: an integer from 1 to 8 (tfjs-backend-wasm starts at most 8
   * pthreads). Default: the number of logical cores, at most 8. `1` selects the single-threaded SIMD build.
   */
  readonly threads?: number;
}

/** What {@link initThreadedWasm} set up. */
export interface ThreadedWasm {
  /** The thread count of the initialized `wasm` backend (1 = single-threaded). */
  readonly threads: number;
  /** One sentence for people: which build runs, and why. */
  readonly note: string;
}

/** tfjs-backend-wasm creates a pool of this many pthread workers and never uses more. */
const MAX_THREADS = 8;

const GLUE_FILE = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
const WORKER_FILE = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js';

/** The installed package's pthread worker source and unbundled glue, found from this module's location. */
async function installedPthreadScripts(): Promise<PthreadWorkerScripts> {
  const { createRequire } = await importAtRunTime<typeof import('node:module')>('node:module');
  const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  const { wasmWorkerContents } = require(WORKER_FILE) as { wasmWorkerContents?: unknown };
  if (typeof wasmWorkerContents !== 'string') {
    throw new Error(`initThreadedWasm: ${WORKER_FILE} does not export wasmWorkerContents; this tfjs-backend-wasm version is not supported.`);
  }
  // The source is stored in a template literal, which turned its "\n" escapes into newlines; restore them, as
  // tfjs-backend-wasm does before putting the source in a Blob.
  return { workerSource: wasmWorkerContents.replace(/\n/g, '\\n'), gluePath: require.resolve(GLUE_FILE) };
}

/** Runs `init` while `globalThis.Worker` is `Worker` (the glue's own assignment of Node's class is ignored). */
async function withGlobalWorker<T>(Worker: unknown, init: () => Promise<T>): Promise<T> {
  const previous = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  Object.defineProperty(globalThis, 'Worker', { configurable: true, get: () => Worker, set: () => undefined });
  try {
    return await init();
  } finally {
    if (previous === undefined) delete (globalThis as { Worker?: unknown }).Worker;
    else Object.defineProperty(globalThis, 'Worker', previous);
  }
}

/**
 * Runs `init` while Node's `os.cpus()` lists `2 · threads` cores. tfjs-backend-wasm caps its thread count at half the
 * logical cores (it assumes two hyper-threads per core), which on a 2-core machine without hyper-threading is 1.
 */
async function withReportedCores<T>(threads: number, init: () => Promise<T>): Promise<T> {
  const { default: os } = await importAtRunTime<{ default: { cpus: () => import('node:os').CpuInfo[] } }>('node:os');
  const cpus = os.cpus;
  os.cpus = () => {
    const real = cpus();
    return Array.from({ length: 2 * threads }, (_, i) => real[i % real.length]!);
  };
  try {
    return await init();
  } finally {
    os.cpus = cpus;
  }
}

async function defaultNodeThreads(): Promise<number> {
  const os = await importAtRunTime<typeof import('node:os')>('node:os');
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(MAX_THREADS, cores));
}

async function setWasmBackend(): Promise<void> {
  if (!(await tf.setBackend('wasm'))) {
    throw new Error("initThreadedWasm: the 'wasm' backend failed to initialize (TensorFlow.js logged the reason above).");
  }
}

/**
 * Initializes and selects TensorFlow.js's `wasm` backend with several XNNPACK threads. In Node, where
 * tfjs-backend-wasm 4.22 only runs single-threaded (its threaded SIMD build starts pthread workers from `blob:` URLs,
 * which `worker_threads` rejects with ERR_WORKER_PATH), it makes the threaded build work without changing any file:
 * during initialization only, it gives the glue a `Worker` class that runs the package's own pthread worker source
 * and glue file (`pthreadWorkerClass`), lets `os.cpus()` report enough cores for the requested count, and sets
 * the flag `WASM_HAS_MULTITHREAD_SUPPORT`. If the threaded build fails to start, the single-threaded SIMD build is
 * used and `note` says why. In browsers it only passes `threads` to `setThreadsCount` (tfjs picks the threaded build
 * itself on cross-origin-isolated pages).
 *
 * The thread count is fixed when the backend initializes: if `wasm` was already initialized, it is selected as is.
 * Call this before any other use of the `wasm` backend; the package `@tensorflow/tfjs-backend-wasm` must already be
 * imported (it registers the backend).
 *
 * @param wasm - the module object of `@tensorflow/tfjs-backend-wasm` (its `setThreadsCount`/`getThreadsCount`).
 * @param options - see {@link ThreadedWasmOptions}.
 * @returns the thread count the backend runs with and a note.
 * @throws RangeError when `threads` is not an integer from 1 to 8; Error when the `wasm` backend is not registered
 *   or fails to initialize even single-threaded.
 * @example
 * ```ts
 * import * as wasm from '@tensorflow/tfjs-backend-wasm';
 * const { threads } = await initThreadedWasm(wasm, { threads: 2 }); // tf.getBackend() === 'wasm', threads === 2
 * ```
 */
export async function initThreadedWasm(wasm: WasmThreadControls, options: ThreadedWasmOptions = {}): Promise<ThreadedWasm> {
  const requested = options.threads;
  if (requested !== undefined && !(Number.isInteger(requested) && requested >= 1 && requested <= MAX_THREADS)) {
    throw new RangeError(`initThreadedWasm: threads must be an integer from 1 to ${MAX_THREADS}, saw ${String(requested)}.`);
  }
  if (tf.findBackendFactory('wasm') === null) {
    throw new Error("initThreadedWasm: no 'wasm' backend is registered; import '@tensorflow/tfjs-backend-wasm' first.");
  }
  if (initializedBackend('wasm') !== null) {
    await setWasmBackend();
    const threads = wasm.getThreadsCount();
    return { threads, note: `The wasm backend was already initialized with ${threads} thread(s); the thread count is fixed at initialization.` };
  }
  if (tf.env().get('IS_NODE') !== true) {
    if (requested !== undefined) wasm.setThreadsCount(requested);
    await setWasmBackend();
    const threads = wasm.getThreadsCount();
    return { threads, note: `wasm backend with ${threads} thread(s) (multi-threaded in browsers only on cross-origin-isolated pages).` };
  }
  const threads = requested ?? (await defaultNodeThreads());
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  if (threads === 1 || !simd) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    await setWasmBackend();
    return { threads: wasm.getThreadsCount(), note: simd ? 'wasm backend, single-threaded SIMD build (1 thread requested).' : 'wasm backend, single-threaded: this runtime has no WebAssembly SIMD, which the threaded build needs.' };
  }
  let failure: unknown;
  try {
    const { Worker } = await importAtRunTime<typeof import('node:worker_threads')>('node:worker_threads');
    const scripts = await installedPthreadScripts();
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    wasm.setThreadsCount(threads);
    const started = await withGlobalWorker(pthreadWorkerClass(Worker, scripts), () => withReportedCores(threads, () => tf.setBackend('wasm')));
    if (started) {
      const actual = wasm.getThreadsCount();
      return { threads: actual, note: `wasm backend, multi-threaded SIMD build with ${actual} thread(s) (Node worker_threads).` };
    }
  } catch (error) {
    failure = error;
  }
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setThreadsCount(1);
  await setWasmBackend();
  const why = failure instanceof Error ? failure.message : 'its initialization failed (TensorFlow.js logged the reason above)';
  return { threads: wasm.getThreadsCount(), note: `wasm backend, single-threaded SIMD build: the threaded build could not start: ${why}` };
}
