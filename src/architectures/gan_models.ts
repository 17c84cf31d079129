import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * The three things a GAN trainer needs: a generator that maps latent vectors `[batch, latentDim]` to samples,
 * a discriminator that maps samples to logits `[batch, 1]` (positive means "real"), and the latent size.
 *
 * Every architecture builder produces one; {@link AdversarialTrainer} accepts any object of this shape, including
 * models a user builds by hand.
 */
export interface GanModels {
  /** G: `[batch, latentDim]` → `[batch, ...sampleShape]`. */
  readonly generator: tfl.LayersModel;
  /** D: `[batch, ...sampleShape]` → `[batch, 1]` logits. */
  readonly discriminator: tfl.LayersModel;
  /** The size of the latent vector z fed to the generator. */
  readonly latentDim: number;
}
