import type { Worker as NodeWorker, WorkerOptions } from 'node:worker_threads';

/** The two scripts of tfjs-backend-wasm's threaded SIMD build that a Node pthread worker needs. */
export interface PthreadWorkerScripts {
  /** Source of the Emscripten pthread worker (what the browser build loads from its `.worker.js` blob). */
  readonly workerSource: string;
  /** File path of the unbundled Emscripten glue `tfjs-backend-wasm-threaded-simd.js`, which defines `WasmBackendModuleThreadedSimd`. */
  readonly gluePath: string;
}

/** The constructor tfjs-backend-wasm's glue calls as `new Worker(url)`. */
export type PthreadWorkerConstructor = new (url: string | URL, options?: WorkerOptions) => NodeWorker;

/**
 * Makes the `Worker` class that lets tfjs-backend-wasm's threaded build start its pthreads under Node. The glue asks
 * for `new Worker(url)` with a `blob:` URL and then sends each worker `{cmd: 'load', urlOrBlob}` with the glue as a
 * Blob; Node's `worker_threads` accepts neither (ERR_WORKER_PATH, and the worker reads scripts with `fs`). The class
 * returned is Node's `Worker` except for those workers: it runs `scripts.workerSource` as an eval worker, points
 * `urlOrBlob` at `scripts.gluePath`, and ignores `ref()`, so that XNNPACK's idle pool threads never keep the process
 * alive. Every other `new Worker(...)` behaves exactly like Node's.
 *
 * @param Base - Node's `worker_threads.Worker`.
 * @param scripts - the worker source and the glue path of the installed tfjs-backend-wasm.
 */
export function pthreadWorkerClass(Base: typeof NodeWorker, scripts: PthreadWorkerScripts): PthreadWorkerConstructor {
  return class PthreadWorker extends Base {
    private readonly isPthread: boolean;

    constructor(url: string | URL, options?: WorkerOptions) {
      const isPthread = typeof url === 'string' && url.startsWith('blob:');
      super(isPthread ? scripts.workerSource : url, isPthread ? { eval: true } : options);
      this.isPthread = isPthread;
    }

    override postMessage(message: unknown, transferList?: Parameters<NodeWorker['postMessage']>[1]): void {
      const load = message as { cmd?: unknown; urlOrBlob?: unknown } | null;
      const rewritten = this.isPthread && load?.cmd === 'load' && typeof load.urlOrBlob !== 'string'
        ? { ...load, urlOrBlob: scripts.gluePath }
        : message;
      super.postMessage(rewritten, transferList);
    }

    override ref(): void {
      if (!this.isPthread) super.ref();
    }
  };
}
