import * as tfl from '@tensorflow/tfjs-layers';
import { ClassConditionalAffine } from '../layers/class_conditional_affine.js';
import { ClassEmbedding } from '../layers/class_embedding.js';
import { ClassProjection } from '../layers/class_projection.js';
import { SeededRandom } from '../utils/random.js';
import { checkOneOf, checkOptionsObject, checkPositiveInteger } from './builder_checks.js';
import type { GanModels } from './gan_models.js';
import type { Normalization } from './normalization.js';

/**
 * How a conditional discriminator sees the class label y:
 * - `'concat'` (CGAN, Mirza & Osindero 2014, arXiv:1411.1784): a learned embedding of y joins the input, as K extra
 *   features of a flattened sample (MLP) or as one extra image channel (convolutional);
 * - `'projection'` (Miyato & Koyama 2018, arXiv:1802.05637): logit = ψ(φ(x)) + yᵀ V φ(x), φ the features before the
 *   output layer ({@link ClassProjection});
 * - `'acgan'` (Odena et al. 2017, arXiv:1610.09585): D takes only x and returns two outputs, the real/fake logit
 *   `[batch, 1]` and class logits `[batch, K]` from a second output layer on φ(x); train with the class loss
 *   (`auxiliaryClassifierLoss`, which `ConditionalTrainer` adds).
 */
export type DiscriminatorConditioning = 'concat' | 'projection' | 'acgan';

/**
 * How a conditional generator sees the class label y:
 * - `'concat'` (CGAN): a learned K-dimensional embedding of y is concatenated to z;
 * - `'conditional-batchnorm'` (de Vries et al. 2017, arXiv:1707.00683; Dumoulin et al. 2017, arXiv:1610.07629):
 *   every batch normalization is followed by a per-class scale and shift ({@link ClassConditionalAffine}); needs
 *   `generatorNormalization: 'batch'`.
 */
export type GeneratorConditioning = 'concat' | 'conditional-batchnorm';

/** The `conditioning` option of the MLPGAN and DCGAN builders. */
export interface ConditioningOptions {
  /** The number of classes K, an integer ≥ 2; labels are integers in [0, K). */
  classes: number;
  /** How D uses the label, see {@link DiscriminatorConditioning}. Default `'projection'`. */
  discriminator?: DiscriminatorConditioning;
  /** How G uses the label, see {@link GeneratorConditioning}. Default `'concat'`. */
  generator?: GeneratorConditioning;
}

/**
 * A class-conditional GAN: G takes `[z [batch, latentDim], labels [batch, 1] int32]` to samples; D takes
 * `[x, labels]` to logits `[batch, 1]` (`'concat'`, `'projection'`), or `x` alone to `[logits [batch, 1], class
 * logits [batch, K]]` (`'acgan'`). Train it with `ConditionalTrainer`.
 */
export interface ConditionalGanModels extends GanModels {
  /** The number of classes K. */
  readonly classes: number;
}

const DISCRIMINATOR_METHODS: readonly DiscriminatorConditioning[] = ['concat', 'projection', 'acgan'];
const GENERATOR_METHODS: readonly GeneratorConditioning[] = ['concat', 'conditional-batchnorm'];

/** {@link ConditioningOptions} checked, with defaults, and the input sizes the builder must build its layers for. */
export interface ConditioningPlan {
  readonly classes: number;
  readonly discriminator: DiscriminatorConditioning;
  readonly generator: GeneratorConditioning;
  /** Input size of G's first layer: latentDim, plus K with `'concat'`. */
  readonly generatorInputSize: number;
  /**
   * Input shape of D's first layer: the sample shape; with `'concat'`, [∏ sampleShape + K] for a flat (MLP)
   * discriminator (which then must not flatten: the plan's model does) or [h, w, c + 1] for a convolutional one.
   */
  readonly discriminatorInputShape: number[];
  readonly sampleShape: readonly number[];
  readonly layout: 'flat' | 'image';
  readonly seeds: SeededRandom | undefined;
}

/**
 * Checks a builder's `conditioning` option. `builder` names the builder in errors; `layout` says whether D is a
 * flat (MLP) or convolutional network; `seed` seeds the label embeddings.
 */
export function planConditioning(
  value: ConditioningOptions,
  context: {
    readonly builder: string;
    readonly latentDim: number;
    readonly sampleShape: readonly number[];
    readonly layout: 'flat' | 'image';
    readonly generatorNormalization: Normalization;
    readonly seed: number | undefined;
  },
): ConditioningPlan {
  const { builder, latentDim, sampleShape, layout } = context;
  const option = `${builder}: options.conditioning`;
  checkOptionsObject(value, option, "{ classes: 10, discriminator: 'projection', generator: 'concat' }");
  const classes = checkPositiveInteger(value.classes, `${option}.classes`, 0);
  if (classes < 2) throw new Error(`${option}.classes must be an integer ≥ 2 (the number of classes), but got ${String(value.classes)}.`);
  const discriminator = checkOneOf(value.discriminator, `${option}.discriminator`, DISCRIMINATOR_METHODS, 'projection');
  const generator = checkOneOf(value.generator, `${option}.generator`, GENERATOR_METHODS, 'concat');
  if (generator === 'conditional-batchnorm' && context.generatorNormalization !== 'batch') {
    throw new Error(
      `${option}.generator is 'conditional-batchnorm', but generatorNormalization is '${context.generatorNormalization}': ` +
        "conditional batch normalization modulates the generator's batch normalizations; set generatorNormalization: 'batch' or use generator: 'concat'.",
    );
  }
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const discriminatorInputShape = discriminator !== 'concat'
    ? [...sampleShape]
    : layout === 'flat' ? [size + classes] : [...sampleShape.slice(0, -1), sampleShape[sampleShape.length - 1]! + 1];
  return {
    classes,
    discriminator,
    generator,
    generatorInputSize: latentDim + (generator === 'concat' ? classes : 0),
    discriminatorInputShape,
    sampleShape,
    layout,
    seeds: context.seed === undefined ? undefined : new SeededRandom(`${context.seed}/conditioning`),
  };
}

/** `labels [batch, 1]` → a learned class vector `[batch, size]` ({@link ClassEmbedding}). */
function embedLabels(plan: ConditioningPlan, labels: tfl.SymbolicTensor, size: number): tfl.SymbolicTensor {
  const seed = plan.seeds === undefined ? {} : { seed: Math.floor(plan.seeds.uniform() * 2 ** 31) };
  return new ClassEmbedding({ classes: plan.classes, units: size, ...seed }).apply(labels) as tfl.SymbolicTensor;
}

function labelInput(): tfl.SymbolicTensor {
  return tfl.input({ shape: [1], dtype: 'int32', name: 'label' });
}

function applyAll(layers: readonly tfl.layers.Layer[], input: tfl.SymbolicTensor, after?: (layer: tfl.layers.Layer, h: tfl.SymbolicTensor) => tfl.SymbolicTensor): tfl.SymbolicTensor {
  let h = input;
  for (const layer of layers) {
    h = layer.apply(h) as tfl.SymbolicTensor;
    if (after !== undefined) h = after(layer, h);
  }
  return h;
}

/**
 * The conditional generator `[z, labels] → x` from the builder's layers (built for
 * {@link ConditioningPlan.generatorInputSize} inputs): with `'concat'` the label embedding is joined to z before
 * them; with `'conditional-batchnorm'` a {@link ClassConditionalAffine} follows each BatchNormalization among them.
 */
export function conditionalGenerator(plan: ConditioningPlan, layers: readonly tfl.layers.Layer[], latentDim: number): tfl.LayersModel {
  const z = tfl.input({ shape: [latentDim], name: 'z' });
  const labels = labelInput();
  const input = plan.generator === 'concat'
    ? (tfl.layers.concatenate().apply([z, embedLabels(plan, labels, plan.classes)]) as tfl.SymbolicTensor)
    : z;
  const output = applyAll(layers, input, (layer, h) =>
    plan.generator === 'conditional-batchnorm' && layer.getClassName() === 'BatchNormalization'
      ? (new ClassConditionalAffine({ classes: plan.classes }).apply([h, labels]) as tfl.SymbolicTensor)
      : h,
  );
  return tfl.model({ inputs: [z, labels], outputs: output, name: 'generator' });
}

/**
 * The conditional discriminator from the builder's layers: `body` computes the features φ(x) (built for
 * {@link ConditioningPlan.discriminatorInputShape}; a flat `'concat'` body must not start with a flatten), `head` is
 * the output layer ψ (one unit), `classHead` the ACGAN class layer (K units, only for `'acgan'`).
 */
export function conditionalDiscriminator(
  plan: ConditioningPlan,
  body: readonly tfl.layers.Layer[],
  head: tfl.layers.Layer,
  classHead: tfl.layers.Layer | undefined,
): tfl.LayersModel {
  const x = tfl.input({ shape: [...plan.sampleShape], name: 'sample' });
  if (plan.discriminator === 'acgan') {
    if (classHead === undefined) throw new Error('conditionalDiscriminator: the ACGAN discriminator needs a class head.');
    const phi = applyAll(body, x);
    return tfl.model({ inputs: x, outputs: [head.apply(phi) as tfl.SymbolicTensor, classHead.apply(phi) as tfl.SymbolicTensor], name: 'discriminator' });
  }
  const labels = labelInput();
  let input = x;
  if (plan.discriminator === 'concat') {
    if (plan.layout === 'flat') {
      const flat = plan.sampleShape.length > 1 ? (tfl.layers.flatten().apply(x) as tfl.SymbolicTensor) : x;
      input = tfl.layers.concatenate().apply([flat, embedLabels(plan, labels, plan.classes)]) as tfl.SymbolicTensor;
    } else {
      const [height = 1, width = 1] = plan.sampleShape;
      const map = tfl.layers.reshape({ targetShape: [height, width, 1] }).apply(embedLabels(plan, labels, height * width)) as tfl.SymbolicTensor;
      input = tfl.layers.concatenate({ axis: -1 }).apply([x, map]) as tfl.SymbolicTensor;
    }
  }
  const phi = applyAll(body, input);
  let logit = head.apply(phi) as tfl.SymbolicTensor;
  if (plan.discriminator === 'projection') {
    const seed = plan.seeds === undefined ? {} : { seed: Math.floor(plan.seeds.uniform() * 2 ** 31) };
    const projection = new ClassProjection({ classes: plan.classes, ...seed }).apply([phi, labels]) as tfl.SymbolicTensor;
    logit = tfl.layers.add().apply([logit, projection]) as tfl.SymbolicTensor;
  }
  return tfl.model({ inputs: [x, labels], outputs: logit, name: 'discriminator' });
}
