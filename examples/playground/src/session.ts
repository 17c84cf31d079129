// One training run of the playground: the data, the networks and the trainer built from the settings, driven by
// `trainer.fit(data, { steps: n })` in short chunks, so that the page stays responsive, pause takes effect after the
// current step (through fit's abort signal) and "one step" is `fit` with `steps: 1`.
import type { AdversarialTrainer, DataSource, GanModels, StepLogs } from 'gan-kit';
import { disposeData, makeData, type TrainingData } from './datasets.js';
import { buildTrainer, type Settings } from './settings.js';

/** What one generator step measured, as the charts plot it. */
export interface StepRecord {
  readonly step: number;
  readonly discriminatorLoss: number;
  readonly generatorLoss: number;
  readonly realScore: number;
  readonly fakeScore: number;
}

/** A chunk of steps aims at this wall time, so the page can repaint between chunks. */
const CHUNK_MILLISECONDS = 60;
const MAX_CHUNK = 200;
/** Steps per second are averaged over this much recent wall time. */
const RATE_WINDOW_MILLISECONDS = 3000;

/** Yields to the browser's event loop (input, painting) before the next chunk. */
function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class TrainingSession {
  readonly settings: Settings;
  readonly models: GanModels & { readonly classes?: number | undefined };
  readonly trainer: AdversarialTrainer;
  /** Every step trained in this session, in order. */
  readonly records: StepRecord[] = [];
  /** Called after a chunk of steps when the page should redraw (at most every `renderInterval` ms while playing). */
  onProgress: (session: TrainingSession) => Promise<void> = async () => undefined;
  /** Called when a chunk fails (a non-finite loss, a refused setting): training has stopped. */
  onError: (error: unknown) => void = () => undefined;
  /**
   * Least milliseconds between redraws while playing; a redraw that takes longer than a third of this stretches the
   * gap to three times its duration, so that drawing never takes more than about a quarter of the time.
   */
  renderInterval = 250;

  private loop: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private chunk = 1;
  /** (time, steps so far) pairs of the recent chunks, for the rate. */
  private rateSamples: { time: number; step: number }[] = [];
  private disposed = false;
  private current: TrainingData;
  /** Points drawn since the last chunk (the "drawn" data set), applied before the next one. */
  private pendingDrawing: readonly (readonly number[])[] | undefined;

  /** Builds data, networks and trainer from `settings` on the active backend. */
  constructor(settings: Settings, drawing: readonly (readonly number[])[]) {
    this.settings = settings;
    this.current = makeData(settings.data, settings.seed, drawing);
    try {
      const imageShape = this.current.kind === 'images' ? this.current.images.shape.slice(1) : undefined;
      const { models, trainer } = buildTrainer(settings, imageShape);
      this.models = models;
      this.trainer = trainer;
    } catch (error) {
      disposeData(this.current);
      throw error;
    }
  }

  /** The data trained on. */
  get data(): TrainingData {
    return this.current;
  }

  /**
   * Replaces the drawn points the "drawn" data set is made of, without touching the networks: training goes on with
   * the new points from the next chunk of steps.
   */
  setDrawing(drawing: readonly (readonly number[])[]): void {
    if (this.settings.data === 'drawn' && drawing.length > 0) this.pendingDrawing = [...drawing];
  }

  /** Generator steps trained so far. */
  get step(): number {
    return this.records.length;
  }

  get running(): boolean {
    return this.loop !== undefined;
  }

  /** Steps per second over the last few seconds of playing (redraws included); 0 when paused. */
  get stepsPerSecond(): number {
    const first = this.rateSamples[0];
    const last = this.rateSamples.at(-1);
    if (!this.running || first === undefined || last === undefined || last.time <= first.time) return 0;
    return ((last.step - first.step) * 1000) / (last.time - first.time);
  }

  /** What `fit` trains on: labelled images for a conditional model. */
  private source(): DataSource {
    const data = this.data;
    if (data.kind === 'plane') return data.samples;
    return this.models.classes === undefined ? data.images : { samples: data.images, labels: data.labels };
  }

  private async fit(steps: number, signal?: AbortSignal): Promise<void> {
    if (this.pendingDrawing !== undefined) {
      const next = makeData(this.settings.data, this.settings.seed, this.pendingDrawing);
      disposeData(this.current);
      this.current = next;
      this.pendingDrawing = undefined;
    }
    const history = await this.trainer.fit(this.source(), { steps, batchSize: this.settings.batchSize, ...(signal === undefined ? {} : { signal }) });
    for (const logs of history.steps) this.records.push(record(logs));
  }

  /** Trains until {@link pause}. */
  play(): void {
    if (this.loop !== undefined || this.disposed) return;
    this.rateSamples = [{ time: performance.now(), step: this.step }];
    const abort = new AbortController();
    this.abort = abort;
    this.loop = this.run(abort.signal).finally(() => {
      this.loop = undefined;
      this.abort = undefined;
    });
  }

  private async run(signal: AbortSignal): Promise<void> {
    let lastRender = performance.now();
    let gap = this.renderInterval;
    try {
      while (!signal.aborted) {
        const start = performance.now();
        const before = this.step;
        await this.fit(this.chunk, signal);
        const now = performance.now();
        const done = this.step - before;
        if (done > 0) this.chunk = Math.max(1, Math.min(MAX_CHUNK, Math.round((CHUNK_MILLISECONDS * done) / Math.max(1, now - start))));
        if (now - lastRender >= gap && !signal.aborted) {
          await this.onProgress(this);
          lastRender = performance.now();
          gap = Math.max(this.renderInterval, 3 * (lastRender - now));
        }
        this.rateSamples.push({ time: performance.now(), step: this.step });
        while (this.rateSamples.length > 2 && this.rateSamples[0]!.time < performance.now() - RATE_WINDOW_MILLISECONDS) this.rateSamples.shift();
        await yieldToBrowser();
      }
    } catch (error) {
      this.onError(error);
    }
  }

  /** Stops after the current step; resolves when training has stopped and the page has redrawn. */
  async pause(): Promise<void> {
    const loop = this.loop;
    if (loop === undefined) return;
    this.abort?.abort();
    await loop;
    await this.onProgress(this);
  }

  /** One generator step (k discriminator updates and one generator update), when paused. */
  async stepOnce(): Promise<void> {
    if (this.loop !== undefined || this.disposed) return;
    try {
      await this.fit(1);
    } catch (error) {
      this.onError(error);
      return;
    }
    await this.onProgress(this);
  }

  /** Stops training and releases the data, the networks and the optimizers. */
  async dispose(): Promise<void> {
    this.abort?.abort();
    await this.loop;
    this.disposed = true;
    const { trainer, models } = this;
    trainer.dispose();
    // The optimizers were made by buildTrainer (adam()), so they are the session's to dispose.
    trainer.generatorOptimizer.dispose();
    trainer.discriminatorOptimizer.dispose();
    models.generator.dispose();
    models.discriminator.dispose();
    disposeData(this.current);
  }
}

function record(logs: StepLogs): StepRecord {
  return {
    step: logs.step,
    discriminatorLoss: logs.discriminatorLoss,
    generatorLoss: logs.generatorLoss,
    realScore: logs.realScore,
    fakeScore: logs.fakeScore,
  };
}
