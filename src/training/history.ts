/**
 * What one step of a GAN trainer (`AdversarialTrainer`, `ConditionalTrainer`: k discriminator updates, then one
 * generator update) measured. Other algorithms log their own values (see `LogsOf`).
 */
export interface StepLogs {
  /** The generator step, counted from 0 over the trainer's whole life (it continues across `fit` calls). */
  readonly step: number;
  /** The epoch (full pass over the data) the step belongs to, from 0. */
  readonly epoch: number;
  /** The discriminator's loss on its last update of the step, penalties included. */
  readonly discriminatorLoss: number;
  /** The generator's loss, penalties included. */
  readonly generatorLoss: number;
  /** Mean D(x) = σ(logit) over the real batch of the last discriminator update. */
  readonly realScore: number;
  /** Mean D(G(z)) = σ(logit) over the generated batch of the last discriminator update. */
  readonly fakeScore: number;
  /** Each regularizer's unweighted penalty on the last update of its network, when it was applied. */
  readonly penalties: Readonly<Record<string, number>>;
}

/** Why `fit` returned. */
export type StopReason = 'completed' | 'aborted' | 'data-exhausted';

/**
 * What `fit` returns: the logs of every step it ran, and why it stopped.
 *
 * @typeParam L - the logs of one step ({@link StepLogs} for the GAN trainers).
 */
export interface TrainingHistory<L = StepLogs> {
  /** One entry per step run by this `fit` call, in order. */
  readonly steps: L[];
  /** `'completed'` when the requested steps/epochs ran, `'aborted'` on the signal, `'data-exhausted'` when a one-shot iterable ran dry. */
  stopReason: StopReason;
}
