import type { TrainerCallbacks, TrainingState } from '../training/callbacks.js';

/** Where {@link progressLogger} writes: `process.stdout`, `process.stderr`, a file stream, or anything with `write`. */
export interface ProgressStream {
  /** Writes `text` (a line ending in a newline; on a terminal, a carriage return and the redrawn line). */
  write(text: string): unknown;
  /** True on a terminal: the progress line is then redrawn in place instead of printed every `every` steps. */
  readonly isTTY?: boolean;
}

/** Options of {@link progressLogger}. */
export interface ProgressLoggerOptions {
  /**
   * Without a terminal (a log file, CI): print one line after every `every`-th step and after the last. An integer
   * ≥ 1; default 100. On a terminal the line is redrawn after every step (at most 10 times a second).
   */
  readonly every?: number;
  /** Where to write. Default `process.stdout` in Node, else `console.log` (one line every `every` steps). */
  readonly stream?: ProgressStream;
}

/** The short names of the usual logs; any other number in the logs is shown under its own name. */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  discriminatorLoss: 'D', generatorLoss: 'G', realScore: 'D(x)', fakeScore: 'D(G(z))',
};

/** `3.142`, or the value as text when it is not finite. */
function formatValue(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : String(value);
}

/** `45s`, `3m05s`, `1h02m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Every number in a step's logs but its step and epoch, nested ones (penalties) as `name value`. */
function logEntries(logs: unknown): string[] {
  const entries: string[] = [];
  const visit = (value: unknown, name: string) => {
    if (typeof value === 'number') entries.push(`${SHORT_NAMES[name] ?? name} ${formatValue(value)}`);
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  for (const [name, value] of Object.entries(logs ?? {})) if (name !== 'step' && name !== 'epoch') visit(value, name);
  return entries;
}

/** The default stream: Node's standard output when there is one, else the console, line by line. */
function defaultStream(): ProgressStream {
  const stdout = (globalThis as { process?: { stdout?: ProgressStream } }).process?.stdout;
  return stdout ?? { write: (text: string) => console.log(text.replace(/\n$/, '')) };
}

/**
 * Reports training progress as Keras's `fit(verbose=…)` does: after each step the step (out of the fit's total),
 * steps per second, the estimated time left and every number of the step's logs (D and G losses, D(x), D(G(z)),
 * penalties). On a terminal one line is redrawn in place; in a log (no terminal), one line every `every` steps and at
 * the end.
 *
 * @example
 * ```ts
 * await trainer.fit(images, { steps: 2000, batchSize: 64, callbacks: progressLogger({ every: 100 }) });
 * // step 100/2000  1.21 steps/s  ETA 26m10s  D 1.262  G 0.874  D(x) 0.556  D(G(z)) 0.431
 * ```
 */
export function progressLogger<T>(options: ProgressLoggerOptions = {}): TrainerCallbacks<T, unknown> {
  const { every = 100 } = options;
  if (!Number.isInteger(every) || every < 1) throw new Error(`progressLogger: every must be an integer ≥ 1, got ${every}.`);
  const stream = options.stream ?? defaultStream();
  const tty = stream.isTTY === true;
  let started = 0;
  let firstStep = 0;
  let lastDrawn = 0;
  let shown = -1;
  const line = ({ step, totalSteps, logs }: TrainingState<T, unknown>): string => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? (step - firstStep) / seconds : 0;
    const eta = totalSteps === undefined || rate <= 0 ? [] : [`ETA ${formatDuration((totalSteps - step) / rate)}`];
    return [`step ${step}${totalSteps === undefined ? '' : `/${totalSteps}`}`, `${rate.toFixed(2)} steps/s`, ...eta, ...logEntries(logs)].join('  ');
  };
  return {
    onTrainBegin: ({ step }) => {
      started = Date.now();
      firstStep = step;
      lastDrawn = 0;
    },
    onStepEnd: (state) => {
      const last = state.totalSteps !== undefined && state.step >= state.totalSteps;
      if (tty) {
        const now = Date.now();
        if (!last && now - lastDrawn < 100) return;
        lastDrawn = now;
        // Carriage return, the line, then erase what a longer previous line left to its right.
        stream.write(`\r${line(state)}\u001b[K`);
        shown = state.step;
      } else if (state.step % every === 0 || last) {
        stream.write(`${line(state)}\n`);
        shown = state.step;
      }
    },
    // A fit stopped early (aborted) still ends on a line of its last step; on a terminal, the line is closed.
    onTrainEnd: (state) => {
      if (shown !== state.step && state.step > firstStep) stream.write(tty ? `\r${line(state)}\u001b[K\n` : `${line(state)}\n`);
      else if (tty && shown >= 0) stream.write('\n');
      shown = -1;
    },
  };
}
