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
// Image losses: pixel, cycle-consistency, identity and perceptual (feature) losses.
export { pixelL1Loss, pixelL2Loss, type PixelLossInputs, type ImageLossOptions } from './losses/pixel.js';
export { cycleConsistencyLoss, type CycleConsistencyInputs } from './losses/cycle_consistency.js';
export { identityLoss, type IdentityLossInputs } from './losses/identity.js';
export { perceptualLoss, type PerceptualLoss, type PerceptualLossOptions } from './losses/perceptual.js';

// Regularizers: penalties added to the discriminator's loss.
export type {
  DiscriminatorRegularizer, GeneratorRegularizer, Regularizer, RegularizerInputs, GeneratorRegularizerInputs, RegularizerSettings, Critic,
} from './regularizers/regularizer.js';
export type { RegularizerOptions } from './regularizers/regularizer_options.js';
export { gradientPenaltyRegularizer, type GradientPenaltyOptions } from './regularizers/gradient_penalty.js';
export { r1Regularizer, type R1Options } from './regularizers/r1.js';
export { r2Regularizer, type R2Options } from './regularizers/r2.js';
export { draganRegularizer, type DraganOptions } from './regularizers/dragan.js';
export { pathLengthRegularizer, type PathLengthOptions } from './regularizers/path_length.js';
export { enableSecondOrderGradients } from './gradients/enable_second_order_gradients.js';

// Weight penalties: functions of a network's weights, added to its loss (as a function, or as a generator regularizer).
export {
  orthogonalRegularization, orthogonalRegularizationKernels, offDiagonalGramPenalty, orthogonalRegularizer,
  type OrthogonalRegularizationOptions, type OrthogonalRegularizerOptions, type PenalizedKernel,
} from './regularizers/orthogonal_regularization.js';

// Optimizers with a backend-independent ε.
export { adam, rmsprop, OPTIMIZER_EPSILON } from './optimizers/optimizers.js';

// Published recipes: trainer options (and the discriminator normalization) of WGAN, WGAN-GP, SNGAN, SAGAN and BigGAN.
export { wganRecipe, wganGpRecipe, snganRecipe, saganRecipe, bigganRecipe, type GanRecipe } from './recipes/published_recipes.js';

// Layers.
export { SpectralNormalization, type SpectralNormalizationArgs } from './layers/spectral_normalization.js';
export { Packing, packingOf, type PackingArgs } from './layers/packing.js';
export { ClassEmbedding, type ClassEmbeddingArgs } from './layers/class_embedding.js';
export { ClassProjection, type ClassProjectionArgs } from './layers/class_projection.js';
export { ClassConditionalAffine, type ClassConditionalAffineArgs } from './layers/class_conditional_affine.js';
export { SelfAttention, type SelfAttentionArgs } from './layers/self_attention.js';
export { AffineModulation } from './layers/affine_modulation.js';
export { LatentSplit, hierarchicalLatentSizes, type LatentSplitArgs } from './layers/latent_split.js';
export { GlobalSumPooling2D } from './layers/global_sum_pooling.js';
export {
  ReflectionPadding2D, reflectionPad2d, type ReflectionPadding2DArgs, type ReflectionPaddingAmounts,
} from './layers/reflection_padding_2d.js';
export { InstanceNormalization, type InstanceNormalizationArgs } from './layers/instance_normalization.js';
export { PixelShuffle, pixelShuffle, type PixelShuffleArgs } from './layers/pixel_shuffle.js';
export { SeededDropout, type SeededDropoutArgs } from './layers/seeded_dropout.js';

// Architectures.
export type { GanModels } from './architectures/gan_models.js';
export type { Normalization } from './architectures/normalization.js';
export { MLPGAN, type MLPGANOptions } from './architectures/mlp_gan.js';
export { DCGAN, type DCGANOptions } from './architectures/dcgan.js';
export { SAGAN, type SAGANOptions } from './architectures/sagan.js';
export { BigGAN, type BigGANOptions } from './architectures/biggan.js';
export type {
  ConditioningOptions, DiscriminatorConditioning, GeneratorConditioning, ConditionalGanModels,
} from './architectures/conditioning.js';
// Image-to-image architectures (CycleGAN, pix2pix, SRGAN): builders that return one tfjs-layers model each.
export type { ImageNormalization } from './architectures/image_normalization.js';
export { resnetBlock, type ResnetBlockOptions } from './architectures/resnet_block.js';
export { resnetGenerator, type ResnetGeneratorOptions } from './architectures/resnet_generator.js';
export { unetGenerator, type UnetGeneratorOptions } from './architectures/unet_generator.js';
export { patchGanDiscriminator, patchGanReceptiveField, type PatchGanOptions } from './architectures/patch_gan.js';
export { srganGenerator, type SrganGeneratorOptions } from './architectures/srgan_generator.js';
export { srganDiscriminator, type SrganDiscriminatorOptions } from './architectures/srgan_discriminator.js';

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
export {
  DiscriminatorAugmentation, type AugmentOptions, type DiscriminatorAugmentationState,
} from './augment/discriminator_augmentation.js';

// The training loop: any GAN algorithm, its networks and optimizers by name.
export {
  GanTrainer, MAX_ROLLBACKS_PER_STEP, type GanTrainerOptions, type FitOptions, type NonFiniteHandler,
} from './training/gan_trainer.js';
export type {
  GanAlgorithm, StepContext, StepScalars, StepValues, LoopStepLogs, LogsOf, ScalarsOf, DueRegularizer, PrepareOptions,
} from './training/gan_algorithm.js';
export { trainableVariables } from './training/checked_update.js';
export type { JsonValue, JsonObject } from './training/json.js';
export {
  linearLearningRateDecay, type LinearDecayOptions, type StartingLearningRates, type NamedOptimizers, type TwoOptimizers,
} from './training/schedules/linear_learning_rate_decay.js';
export {
  regularizerWeightSchedule, type RegularizedTrainer, type RegularizerWeightScheduleOptions,
} from './training/schedules/regularizer_weight_schedule.js';

// GAN algorithms and the trainers that run them.
export {
  UnconditionalGan, type UnconditionalGanOptions, type SampleOptions, type GanStepScalars, type CriticOutputs, type RealBatch,
  type TrainingGeneration, type TrainedNetworks,
} from './algorithms/unconditional_gan.js';
export { ConditionalGan, type ConditionalGanOptions, type ConditionalSampleOptions } from './algorithms/conditional_gan.js';
export { StyleGan2Algorithm, type StyleGan2AlgorithmOptions, type StyleGan2SampleOptions } from './algorithms/stylegan2.js';
export { ProGanAlgorithm, type ProGanAlgorithmOptions } from './algorithms/progan.js';
export { proGanSchedule, type ProGanPhase } from './algorithms/progan_schedule.js';
export { AdversarialTrainer, type AdversarialTrainerOptions } from './trainers/adversarial_trainer.js';
export { GeneratorEma, type GeneratorEmaOptions } from './trainers/generator_ema.js';
export { isPerSample } from './trainers/per_sample.js';
export { standingStatistics } from './trainers/standing_statistics.js';
export { ConditionalTrainer, cycleLabels, type ConditionalTrainerOptions } from './trainers/conditional_trainer.js';
export { auxiliaryClassifierLoss, type AuxiliaryClassifierLossInputs } from './losses/auxiliary_classifier.js';

// Image-to-image GANs: CycleGAN, pix2pix and SRGAN as algorithms, and the trainers that run them.
export {
  CycleGan, type CycleGanModels, type CycleGanOptions, type CycleGanSampleOptions, type CycleGanScalars, type CycleGanState,
  type TranslationDirection,
} from './algorithms/cycle_gan.js';
export { Pix2Pix, type Pix2PixModels, type Pix2PixOptions, type Pix2PixScalars } from './algorithms/pix2pix.js';
export {
  Srgan, type SrganModels, type SrganOptions, type SrganScalars, type SrganStage, type ContentLoss,
} from './algorithms/srgan.js';
export type { TranslateOptions, TranslationSampleOptions } from './algorithms/image_to_image.js';
export { CycleGanTrainer, type CycleGanTrainerOptions } from './trainers/cycle_gan_trainer.js';
export { Pix2PixTrainer, type Pix2PixTrainerOptions } from './trainers/pix2pix_trainer.js';
export { SrganTrainer, type SrganTrainerOptions } from './trainers/srgan_trainer.js';

// Latent space: interpolation, attribute arithmetic, truncation.
export {
  lerp, slerp, interpolationPath, interpolationGrid, type InterpolationMethod,
} from './latent/interpolation.js';
export {
  attributeVector, latentArithmetic, applyAttribute, type LatentArithmeticTerms,
} from './latent/attribute_vectors.js';
export { truncatedLatents, truncateTowardMean } from './latent/truncation.js';
export type { TrainerCallbacks, TrainingHook, TrainingState, TrainerLogs } from './training/callbacks.js';
export type { StepLogs, StopReason, TrainingHistory } from './training/history.js';
export { progressLogger, type ProgressLoggerOptions, type ProgressStream } from './callbacks/progress_logger.js';
export {
  unpaired, UnpairedData,
  type Batch, type SourceBatch, type DataSource, type LabelledData, type AlignedData, type BatchStreamState, type DataStreamState,
  type SampleShape, type SampleShapes,
} from './training/data_source.js';
export { NonFiniteError, type GuardedNetwork, type GuardedQuantity } from './training/non_finite_error.js';
export {
  CheckpointManager, checkpointCallback, CHECKPOINT_VERSION,
  type CheckpointManagerOptions, type SaveCheckpointOptions, type LoadedCheckpoint, type CheckpointCallbackOptions,
  type LoggedStep, type AnyGanTrainer,
} from './training/checkpoint.js';
export type {
  TrainerSnapshot, TrainerConfiguration, OptimizerConfiguration, RegularizerConfiguration, WeightValues, OptimizerState,
} from './training/trainer_state.js';
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
export {
  loadEmoji, emojiDataset, EMOJI_CATEGORIES,
  type EmojiCategory, type EmojiSet, type EmojiOptions, type LoadEmojiOptions, type EmojiPicture, type EmojiDataset,
} from './data/emoji.js';
export { resizeImages, type ResizeImagesOptions } from './data/resize.js';
export {
  loadImageDataset, type LoadImageDatasetOptions, type PathImageDataset, type ImageDatasetKind,
} from './data/image_dataset_path.js';
export { loadIdx, parseIdx, type IdxArray, type LoadIdxOptions } from './data/idx.js';
export { loadCifar10, parseCifar10, CIFAR10_CLASSES, type LoadCifar10Options } from './data/cifar.js';
export { loadImageFolder, type LoadImageFolderOptions, type ImageFolderDataset } from './data/image_folder.js';
export { loadUnpairedImages, type UnpairedImageSources, type UnpairedImageDataset } from './data/unpaired_images.js';
export {
  loadPairedImages, type PairedImageSource, type PairedImageFiles, type LoadPairedImagesOptions, type PairedImageDataset,
} from './data/paired_images.js';
export {
  loadMnistStrokeDomains, loadMnistEdgePairs, loadMnistSuperResolutionPairs,
  type MnistDomainOptions, type MnistStrokeDomainOptions, type MnistSuperResolutionOptions, type UnpairedDomains, type PairedDomains,
} from './data/mnist_domains.js';
export { dilateImages, erodeImages, type MorphologyOptions } from './data/morphology.js';
export { sobelEdgeMaps } from './data/edge_maps.js';
export { resizeBicubic, type ResizeBicubicOptions } from './data/bicubic.js';
export { ImageHistoryPool, type ImageHistoryPoolOptions, type ImageHistoryPoolState } from './data/image_history_pool.js';

// Pictures and files.
export type { RgbaImage } from './io/raster.js';
export { imageGrid, writeImageGrid, type ImageGridOptions } from './io/image_grid.js';
export { translationGrid, writeTranslationGrid, type TranslationGridOptions } from './io/translation_grid.js';
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
export { psnr, type Psnr, type PsnrOptions } from './metrics/psnr.js';
export { strokeArea } from './metrics/stroke_area.js';
export { mnistLabelAccuracy } from './metrics/mnist_label_accuracy.js';
