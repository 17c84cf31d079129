/**
 * Whose quantity became non-finite: the name of the optimizer that made the update (`'generator'`,
 * `'discriminator'`, or any optimizer name of an algorithm).
 */
export type GuardedNetwork = string;

/** What became non-finite: the loss value, an element of the gradient, or an element of a weight (after the update). */
export type GuardedQuantity = 'loss' | 'gradient' | 'weights';

/**
 * Thrown by `fit` when a step produces a NaN or infinite loss, gradient or weight. Training stops before the next
 * step and before any hook runs, so no checkpoint of the broken state is written.
 */
export class NonFiniteError extends Error {
  /** Always `'NonFiniteError'`, so that the error can be recognised after crossing a realm or being serialized. */
  override readonly name = 'NonFiniteError';

  /**
   * @param step - the step (counted over the trainer's life) that produced the value.
   * @param network - the optimizer (by name: `'generator'`, `'discriminator'`, …) whose loss, gradient or updated weights it was.
   * @param quantity - which of the three.
   * @param value - the loss value, when the quantity is the loss.
   * @param trainer - the trainer class named in the message. Default `'AdversarialTrainer'`.
   */
  constructor(
    readonly step: number,
    readonly network: GuardedNetwork,
    readonly quantity: GuardedQuantity,
    readonly value?: number,
    trainer = 'AdversarialTrainer',
  ) {
    const what = quantity === 'loss' ? `loss became ${String(value)}` : quantity === 'gradient' ? 'gradient has a NaN or infinite element' : 'weights have a NaN or infinite element after the update';
    super(
      `${trainer}: at step ${step} the ${network} ${what}; training diverged and stopped. ` +
      'Lower the learning rates, check the data scaling, use a regularized loss, or resume from the last good checkpoint.',
    );
  }
}
