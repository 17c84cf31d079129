import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link AdaController}. */
export interface AdaControllerOptions {
  /** The target t of the over-fitting heuristic r_t = E[sign(D(x_real))]; a number in (−1, 1). Default 0.6 (Karras et al. 2020). */
  readonly target?: number;
  /** Adjust p after every `interval` observed batches; an integer ≥ 1. Default 4 (StyleGAN2-ADA). */
  readonly interval?: number;
  /**
   * The speed: the number of images after which p can have moved by 1; a number > 0. Default 500,000 (the paper's
   * 500k). Each adjustment moves p by (images in the interval) / speedImages, so with a batch of 64 and interval 4 by
   * 256 / 500,000 ≈ 0.0005. Small data sets with short runs need a smaller value (faster p), e.g. 20,000.
   */
  readonly speedImages?: number;
  /** p at the start; a number in [0, maxP]. Default 0. */
  readonly initialP?: number;
  /** The largest p; a number in (0, 1]. Default 1. */
  readonly maxP?: number;
}

/** One adjustment of p: the images seen when it was made, r_t over its interval, and p after it. */
export interface AdaAdjustment {
  /** Real images observed in total when the adjustment was made. */
  readonly images: number;
  /** r_t = mean of sign(D(x_real)) over the interval's real logits. */
  readonly rt: number;
  /** p after the adjustment. */
  readonly p: number;
}

/** The JSON-serializable state of an {@link AdaController}: save it in a checkpoint, pass it to `restore`. */
export interface AdaControllerState {
  /** The state format (1). */
  readonly version: 1;
  /** The current augmentation probability p. */
  readonly p: number;
  /** Real images observed so far. */
  readonly images: number;
  /** What was observed since the last adjustment. */
  readonly pending: {
    /** Σ sign(D(x_real)). */
    readonly signSum: number;
    /** The number of logits. */
    readonly count: number;
    /** The number of batches. */
    readonly batches: number;
  };
  /** Every adjustment so far, oldest first. */
  readonly history: readonly AdaAdjustment[];
  /** The options the controller was created with (restored as they were). */
  readonly options: Required<AdaControllerOptions>;
}

function checkOption(value: unknown, name: keyof AdaControllerOptions, fallback: number, ok: (v: number) => boolean, range: string): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isFinite(value) && ok(value)) return value;
  throw new Error(`AdaController: options.${name} must be ${range}, but got ${String(value)}.`);
}

function checkOptions(options: AdaControllerOptions): Required<AdaControllerOptions> {
  const target = checkOption(options.target, 'target', 0.6, (v) => v > -1 && v < 1, 'a number in (−1, 1) such as 0.6');
  const interval = checkOption(options.interval, 'interval', 4, (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1');
  const speedImages = checkOption(options.speedImages, 'speedImages', 500_000, (v) => v > 0, 'a number > 0 (images for p to move by 1)');
  const maxP = checkOption(options.maxP, 'maxP', 1, (v) => v > 0 && v <= 1, 'a number in (0, 1]');
  const initialP = checkOption(options.initialP, 'initialP', 0, (v) => v >= 0 && v <= maxP, `a number in [0, maxP = ${maxP}]`);
  return { target, interval, speedImages, initialP, maxP };
}

/** Checks a state from {@link AdaController.state} (possibly through JSON); throws naming the first bad field. */
function parseState(state: unknown): AdaControllerState {
  const fail = (what: string): never => {
    throw new Error(`AdaController.restore: ${what}; pass the object returned by AdaController.state().`);
  };
  if (typeof state !== 'object' || state === null) return fail(`the state must be an object, but got ${String(state)}`);
  const s = state as Partial<AdaControllerState>;
  if (s.version !== 1) fail(`unknown state version ${String(s.version)} (expected 1)`);
  let options: Required<AdaControllerOptions>;
  try {
    options = checkOptions(s.options ?? fail('options are missing'));
  } catch (error) {
    return fail(`its options are invalid: ${(error as Error).message}`);
  }
  const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  const { p, images, pending, history } = s;
  if (typeof p !== 'number' || !(p >= 0 && p <= options.maxP)) fail(`p must be a number in [0, ${options.maxP}], but is ${String(p)}`);
  if (!isCount(images)) fail(`images must be an integer ≥ 0, but is ${String(images)}`);
  if (!pending || !isCount(pending.count) || !isCount(pending.batches) || typeof pending.signSum !== 'number' || Math.abs(pending.signSum) > pending.count) {
    fail(`pending must be { signSum, count, batches } with |signSum| ≤ count, but is ${JSON.stringify(pending)}`);
  }
  if (!Array.isArray(history) || !history.every((a) => isCount(a?.images) && typeof a.p === 'number' && typeof a.rt === 'number')) {
    fail('history must be a list of { images, rt, p }');
  }
  return { version: 1, options, p: p!, images: images!, pending: pending!, history: history! };
}

/**
 * The adaptive augmentation strength of StyleGAN2-ADA (Karras, Aittala, Hellsten, Laine, Lehtinen, Aila 2020,
 * "Training Generative Adversarial Networks with Limited Data", arXiv:2006.06676, §3): D over-fits when it grows
 * too sure of the training images, which the heuristic
 *
 *   r_t = E[sign(D(x_real))]   (1: D calls every real image real; 0: no better than chance)
 *
 * measures. Feed it the discriminator's logits on each (augmented) real batch with {@link AdaController.observe};
 * after every `interval` batches it moves the augmentation probability
 *
 *   p ← clip(p + sign(r_t − target) · (images in the interval) / speedImages, 0, maxP),
 *
 * so p rises while D over-fits (r_t above the target 0.6) and falls otherwise, by at most (batch · interval) /
 * speedImages per adjustment. Use p as the `p` of an {@link Augmentation} applied to real and generated images.
 *
 * p, the image count, the partial interval and the history of adjustments are the controller's state:
 * {@link AdaController.state} returns them as JSON for a checkpoint and {@link AdaController.restore} puts them back,
 * so a resumed run continues with the same p (the resume bug of stylegan2-ada-pytorch #81).
 *
 * @example
 * ```ts
 * const ada = new AdaController({ target: 0.6, speedImages: 20_000 });
 * // in each discriminator step, after D has judged the augmented real batch:
 * ada.observe(realLogits);
 * // in the checkpoint:
 * const saved = JSON.stringify(ada.state());
 * const resumed = new AdaController();
 * resumed.restore(JSON.parse(saved));
 * ```
 */
export class AdaController {
  private settings: Required<AdaControllerOptions>;
  private currentP: number;
  private imageCount = 0;
  private signSum = 0;
  private signCount = 0;
  private batches = 0;
  private adjustments: AdaAdjustment[] = [];

  /**
   * @param options - see {@link AdaControllerOptions}.
   * @throws Error naming the option when one is out of range.
   */
  constructor(options: AdaControllerOptions = {}) {
    this.settings = checkOptions(options ?? {});
    this.currentP = this.settings.initialP;
  }

  /** The options in force, defaults filled in (a copy). */
  get options(): Required<AdaControllerOptions> {
    return { ...this.settings };
  }

  /** The current augmentation probability p, in [0, maxP]. */
  get p(): number {
    return this.currentP;
  }

  /** Real images observed so far (one per logit). */
  get images(): number {
    return this.imageCount;
  }

  /** Every adjustment of p so far, oldest first. */
  get history(): readonly AdaAdjustment[] {
    return this.adjustments;
  }

  /**
   * Records the discriminator's logits on one batch of real images and adjusts p when the interval is complete.
   *
   * @param realLogits - D(x_real), one logit per image: a tensor of any shape (read synchronously, not disposed) or
   *   numbers. A positive logit means "real".
   * @returns p after this batch.
   */
  observe(realLogits: tf.Tensor | ArrayLike<number>): number {
    const values = realLogits instanceof tf.Tensor ? realLogits.dataSync() : realLogits;
    if (values === null || typeof values !== 'object' || typeof values.length !== 'number' || values.length === 0) {
      throw new Error(`AdaController.observe: realLogits must be a non-empty tensor or array of D's logits on real images, but got ${String(realLogits)}.`);
    }
    for (let i = 0; i < values.length; i++) {
      const v = Number(values[i]);
      if (Number.isNaN(v)) throw new Error(`AdaController.observe: realLogits[${i}] is NaN; check the discriminator's output (p is unchanged).`);
      this.signSum += Math.sign(v);
    }
    this.signCount += values.length;
    this.imageCount += values.length;
    this.batches += 1;
    if (this.batches >= this.settings.interval) this.adjust();
    return this.currentP;
  }

  /** The state as JSON (see {@link AdaControllerState}); it shares nothing with the controller. */
  state(): AdaControllerState {
    return {
      version: 1,
      p: this.currentP,
      images: this.imageCount,
      pending: { signSum: this.signSum, count: this.signCount, batches: this.batches },
      history: this.adjustments.map((a) => ({ ...a })),
      options: { ...this.settings },
    };
  }

  /**
   * Puts the controller into `state` (from {@link AdaController.state}, possibly through JSON), options included, so
   * that it continues exactly where the saved one stopped.
   *
   * @throws Error describing the first field that is missing or out of range; the controller is unchanged then.
   */
  restore(state: AdaControllerState): void {
    const s = parseState(state);
    this.settings = s.options;
    this.currentP = s.p;
    this.imageCount = s.images;
    this.signSum = s.pending.signSum;
    this.signCount = s.pending.count;
    this.batches = s.pending.batches;
    this.adjustments = s.history.map((a) => ({ images: a.images, rt: a.rt, p: a.p }));
  }

  private adjust(): void {
    const rt = this.signSum / this.signCount;
    const step = (Math.sign(rt - this.settings.target) * this.signCount) / this.settings.speedImages;
    this.currentP = Math.min(Math.max(this.currentP + step, 0), this.settings.maxP);
    this.adjustments.push({ images: this.imageCount, rt, p: this.currentP });
    this.signSum = 0;
    this.signCount = 0;
    this.batches = 0;
  }
}
