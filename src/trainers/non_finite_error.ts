/** The network whose quantity became non-finite. */
export type GuardedNetwork = 'discriminator' | 'generator';

/** What became non-finite: the loss value, an element of the gradient, or an element of a weight (after the update). */
export type GuardedQuantity = 'loss' | 'gradient' | 'weights';

/**
 * Thrown by `AdversarialTrainer.fit` when a step produces a NaN or infinite loss, gradient or weight. Training stops
 * before the next step and before any hook runs, so no checkpoint of the broken state is written.
 */
export class NonFiniteError extends Error {
  /** Always `'NonFiniteError'`, so that the error can be recognised after crossing a realm or being serialized. */
  override readonly name = 'NonFiniteError';

  /**
   * @param step - the generator step (counted over the trainer's life) that produced the value.
   * @param network - the network whose loss, gradient or weights it was.
   * @param quantity - which of the three.
   * @param value - the loss value, when the quantity is the loss.
   */
  constructor(
    readonly step: number,
    readonly network: GuardedNetwork,
    readonly quantity: GuardedQuantity,
    readonly value?: number,
  ) {
    const what = quantity === 'loss' ? `loss became ${String(value)}` : quantity === 'gradient' ? 'gradient has a NaN or infinite element' : 'weights have a NaN or infinite element after the update';
    super(
      `AdversarialTrainer: at step ${step} the ${network} ${what}; training diverged and stopped. ` +
      'Lower the learning rates, check the data scaling, use a regularized loss, or resume from the last good checkpoint.',
    );
  }
}
