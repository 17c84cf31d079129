// Time to quality: a run is evaluated every N steps, and each quality target is credited with the first evaluation
// that met it, by step and by training time (the clock stops while the run is being evaluated).

/** A quality target: its name and the test an evaluation's figures must pass. */
export interface QualityTarget<M> {
  readonly name: string;
  readonly reached: (metrics: M) => boolean;
}

/** One evaluation of a run: after `step` steps and `seconds` of training time. */
export interface QualityPoint<M> {
  readonly step: number;
  readonly seconds: number;
  readonly metrics: M;
}

/** The first evaluation that met a target, or `null` step and seconds when none did. */
export interface TargetReached {
  readonly target: string;
  readonly step: number | null;
  readonly seconds: number | null;
}

/** The evaluations of one run and, for each target, the first of them that met it. */
export class TimeToQuality<M> {
  readonly #targets: readonly QualityTarget<M>[];
  readonly #points: QualityPoint<M>[] = [];
  readonly #first = new Map<string, QualityPoint<M>>();

  constructor(targets: readonly QualityTarget<M>[]) {
    const names = targets.map((t) => t.name);
    const repeated = names.find((name, i) => names.indexOf(name) !== i);
    if (repeated !== undefined) throw new Error(`TimeToQuality: target '${repeated}' is named twice; give each target its own name.`);
    this.#targets = targets;
  }

  /**
   * Adds an evaluation. Steps must grow from one evaluation to the next and training time must not fall; a target
   * met again later keeps its first evaluation.
   */
  record(point: QualityPoint<M>): void {
    const last = this.#points.at(-1);
    if (!(Number.isInteger(point.step) && point.step >= 0) || !(point.seconds >= 0)) {
      throw new RangeError(`TimeToQuality.record: step must be an integer ≥ 0 and seconds ≥ 0, saw step ${point.step}, seconds ${point.seconds}.`);
    }
    if (last !== undefined && (point.step <= last.step || point.seconds < last.seconds)) {
      throw new RangeError(`TimeToQuality.record: evaluations must come in order of steps and time, saw step ${point.step} at ${point.seconds} s after step ${last.step} at ${last.seconds} s.`);
    }
    this.#points.push(point);
    for (const target of this.#targets) {
      if (!this.#first.has(target.name) && target.reached(point.metrics)) this.#first.set(target.name, point);
    }
  }

  /** The evaluations so far, in order. */
  get points(): readonly QualityPoint<M>[] {
    return this.#points;
  }

  /** For each target in the order given: the step and training time of the first evaluation that met it. */
  reached(): TargetReached[] {
    return this.#targets.map(({ name }) => {
      const point = this.#first.get(name);
      return { target: name, step: point?.step ?? null, seconds: point?.seconds ?? null };
    });
  }
}

/** A stopwatch that can be paused, so that the time spent evaluating a run is not counted as training time. */
export class TrainingClock {
  readonly #now: () => number;
  #elapsed = 0;
  #since: number | undefined;

  /** @param now - the current time in milliseconds (default `performance.now`); the clock starts running. */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
    this.#since = now();
  }

  /** Stops counting (idempotent). */
  pause(): void {
    if (this.#since !== undefined) this.#elapsed += this.#now() - this.#since;
    this.#since = undefined;
  }

  /** Counts again (idempotent). */
  resume(): void {
    if (this.#since === undefined) this.#since = this.#now();
  }

  /** The time counted so far, in seconds. */
  get seconds(): number {
    return (this.#elapsed + (this.#since === undefined ? 0 : this.#now() - this.#since)) / 1000;
  }
}

/**
 * The wall time at which a run would reach a step on a machine that trains `stepsPerSecond` steps per second (a rate
 * measured on a quiet machine): quality depends on the step count and the seed, not on the machine, so the
 * minutes to a target are its step divided by the rate.
 */
export function secondsAtRate(step: number, stepsPerSecond: number): number {
  if (!(stepsPerSecond > 0)) throw new RangeError(`secondsAtRate: stepsPerSecond must be > 0, saw ${stepsPerSecond}.`);
  return step / stepsPerSecond;
}
