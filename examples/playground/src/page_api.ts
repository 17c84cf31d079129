// What the playground page exposes as `window.ganKitPlayground`, for its browser test and the speed measurement to
// read (people use the page's controls; the test presses the same buttons).
import type { ModeCoverage } from 'gan-kit';
import type { ExplorerState } from './explorer.js';
import type { StepRecord } from './session.js';
import type { Settings } from './settings.js';

export interface PlaygroundState {
  /** The active tfjs backend. */
  readonly backend: string;
  readonly settings: Settings;
  /** Generator steps trained in the current run. */
  readonly step: number;
  readonly running: boolean;
  /** As the page shows it (0 when paused). */
  readonly stepsPerSecond: number;
  /** Every step of the current run. */
  readonly records: readonly StepRecord[];
  /** Mode coverage of the drawn generated points (ring8, grid25), as of the last redraw. */
  readonly coverage: ModeCoverage | undefined;
  /** The step the views show. */
  readonly shownStep: number;
  /** Completed redraws of the training views in this run. */
  readonly renders: number;
  /** The status line. */
  readonly status: string;
  /** Whether the status line is an error. */
  readonly error: boolean;
  /** Backends this browser can run. */
  readonly availableBackends: readonly string[];
  /** `tf.memory().numTensors`: steady while training, back to its first value after Reset; −1 while a run is being built. */
  readonly tensors: number;
  /** Points drawn on the plane (the "drawn" data set). */
  readonly drawnPoints: number;
  /** Whether the page is building a run (after a setting changed or Reset). */
  readonly busy: boolean;
}

export interface PlaygroundApi {
  state(): PlaygroundState;
  /** The generated points of the last redraw (2-D data), flat `[x0, y0, x1, y1, …]`. */
  generatedPoints(): number[];
  /** The real points of the last redraw (2-D data), flat. */
  realPoints(): number[];
  /** Resolves once the page has finished any rebuild and redraw it started. */
  settled(): Promise<void>;
  readonly explorer: {
    state(): ExplorerState | undefined;
    /** G(latents[, label]) of the open generator, flat. */
    generate(latents: number[][], label?: number): Promise<number[]>;
  };
}

export type PlaygroundWindow = Window & { ganKitPlayground?: PlaygroundApi };
