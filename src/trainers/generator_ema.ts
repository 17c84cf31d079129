import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** The `ema` option of `AdversarialTrainer`: an exponential moving average of the generator's weights. */
export interface GeneratorEmaOptions {
  /** β in θ̄ ← β·θ̄ + (1 − β)·θ; a number in [0, 1). 0.999 is common (Karras et al. 2018 use a half-life of 10k images). */
  readonly decay: number;
  /** Generator steps before averaging starts; until then θ̄ is a copy of θ. An integer ≥ 0, default 0. */
  readonly startStep?: number;
}

/**
 * An exponential moving average of a generator's weights (Yazıcı et al. 2018, "The Unusual Effectiveness of
 * Averaging in GAN Training", arXiv:1806.04498; Karras et al. 2018, ProGAN, arXiv:1710.10196): after every generator
 * update at step t,
 *
 *   θ̄ ← θ                      when t < startStep,
 *   θ̄ ← β·θ̄ + (1 − β)·θ        otherwise,
 *
 * for the trainable weights; the non-trainable ones (batch normalization's moving statistics, spectral
 * normalization's u) are copied. The average lives in {@link GeneratorEma.model}, a second model of the same
 * architecture (rebuilt from the generator's configuration, so custom layers must be registered with
 * `tf.serialization`), whose samples are usually smoother and better than the raw generator's.
 */
export class GeneratorEma {
  /** The averaged generator: same architecture and weight order as the generator it follows. */
  readonly model: tfl.LayersModel;
  /** β, the weight of the old average in each update; in [0, 1). */
  readonly decay: number;
  /** The generator step from which the weights are averaged (before it they are copied); an integer ≥ 0. */
  readonly startStep: number;

  /**
   * @param generator - the generator to follow; its current weights are the average's starting point.
   * @param options - see {@link GeneratorEmaOptions}.
   * @throws RangeError when `decay` is outside [0, 1) or `startStep` is not an integer ≥ 0.
   */
  constructor(generator: tfl.LayersModel, options: GeneratorEmaOptions) {
    const { decay, startStep = 0 } = options ?? ({} as Partial<GeneratorEmaOptions>);
    if (typeof decay !== 'number' || !(decay >= 0 && decay < 1)) {
      throw new RangeError(`GeneratorEma: ema.decay must be a number in [0, 1) such as 0.999, saw ${String(decay)}.`);
    }
    if (!Number.isInteger(startStep) || startStep < 0) {
      throw new RangeError(`GeneratorEma: ema.startStep must be an integer ≥ 0, saw ${String(startStep)}.`);
    }
    const cls = generator.constructor as typeof tfl.LayersModel;
    this.model = cls.fromConfig(cls as unknown as tf.serialization.SerializableConstructor<tfl.LayersModel>, generator.getConfig()) as tfl.LayersModel;
    this.decay = decay;
    this.startStep = startStep;
    this.copyFrom(generator);
  }

  /** Sets every weight of the average to the generator's. */
  copyFrom(generator: tfl.LayersModel): void {
    this.checkSameWeights(generator);
    tf.tidy(() => {
      generator.weights.forEach((w, i) => this.model.weights[i]!.write(tf.clone(w.read())));
    });
  }

  /** Moves the average towards `generator` after the generator update of step `step` (see the class formula). */
  update(generator: tfl.LayersModel, step: number): void {
    if (step < this.startStep) {
      this.copyFrom(generator);
      return;
    }
    this.checkSameWeights(generator);
    tf.tidy(() => {
      generator.weights.forEach((w, i) => {
        const average = this.model.weights[i]!;
        const value = w.trainable ? tf.add(tf.mul(average.read(), this.decay), tf.mul(w.read(), 1 - this.decay)) : tf.clone(w.read());
        average.write(value);
      });
    });
  }

  /** Releases the averaged model's weights. */
  dispose(): void {
    this.model.dispose();
  }

  private checkSameWeights(generator: tfl.LayersModel): void {
    const mine = this.model.weights;
    const theirs = generator.weights;
    if (mine.length !== theirs.length || mine.some((w, i) => w.shape.join() !== theirs[i]!.shape.join())) {
      throw new Error(`GeneratorEma: the generator has ${theirs.length} weights of other shapes than the average's ${mine.length}; average the generator it was created for.`);
    }
  }
}
