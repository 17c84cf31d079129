import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useCpu } from '../helpers/backend.js';
import { DCGAN } from '../../src/architectures/dcgan.js';
import { MLPGAN } from '../../src/architectures/mlp_gan.js';
import type { DiscriminatorConditioning, GeneratorConditioning } from '../../src/architectures/conditioning.js';
import { ClassConditionalAffine } from '../../src/layers/class_conditional_affine.js';
import { ClassProjection } from '../../src/layers/class_projection.js';
import { disposeGan } from './model_helpers.js';

await useCpu();

const METHODS: [DiscriminatorConditioning, GeneratorConditioning][] = [
  ['concat', 'concat'],
  ['projection', 'conditional-batchnorm'],
  ['acgan', 'concat'],
];

function build(kind: 'mlp' | 'dcgan', discriminator: DiscriminatorConditioning, generator: GeneratorConditioning, seed = 1) {
  const conditioning = { classes: 3, discriminator, generator };
  return kind === 'mlp'
    ? new MLPGAN({ sampleShape: [12, 12, 1], latentDim: 4, generatorUnits: [8], discriminatorUnits: [8, 6], generatorNormalization: 'batch', seed, conditioning })
    : new DCGAN({ imageShape: [12, 12, 1], latentDim: 4, width: 4, seed, conditioning });
}

/** D's outputs as arrays: [logits] or [logits, class logits]. */
function discriminate(d: tfl.LayersModel, x: tf.Tensor, labels: tf.Tensor): tf.Tensor[] {
  const out = d.inputs.length === 2 ? d.apply([x, labels]) : d.apply(x);
  return Array.isArray(out) ? (out as tf.Tensor[]) : [out as tf.Tensor];
}

/** Gives every ClassConditionalAffine of `model` distinct per-class values, as training would. */
function perturbAffine(model: tfl.LayersModel): void {
  for (const layer of model.layers.filter((l) => l instanceof ClassConditionalAffine)) {
    const values = layer.getWeights().map((w, i) => tf.tidy(() => tf.add(w, tf.randomNormal(w.shape, 0, 0.5, 'float32', 7 + i))));
    layer.setWeights(values);
    tf.dispose(values);
  }
}

describe('conditional builders', () => {
  for (const kind of ['mlp', 'dcgan'] as const) {
    for (const [dMethod, gMethod] of METHODS) {
      it(`${kind}, D '${dMethod}', G '${gMethod}': shapes, labels change G's output, D's logit depends on the label`, () => {
        const before = tf.memory().numTensors;
        const gan = build(kind, dMethod, gMethod);
        assert.equal(gan.classes, 3);
        assert.equal(gan.generator.inputs.length, 2);
        assert.equal(gan.discriminator.inputs.length, dMethod === 'acgan' ? 1 : 2);
        perturbAffine(gan.generator);
        tf.tidy(() => {
          const z = tf.tile(tf.randomNormal([1, 4], 0, 1, 'float32', 3), [3, 1]);
          const labels = tf.tensor2d([[0], [1], [2]], [3, 1], 'int32');
          const x = gan.generator.apply([z, labels], { training: false }) as tf.Tensor;
          assert.deepEqual(x.shape, [3, 12, 12, 1]);
          const rows = tf.unstack(x).map((r) => r.dataSync());
          const diff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)));
          assert.ok(diff(rows[0]!, rows[1]!) > 1e-4 && diff(rows[1]!, rows[2]!) > 1e-4, 'the same z with other labels gives other samples');
          const outputs = discriminate(gan.discriminator, x, labels);
          assert.deepEqual(outputs[0]!.shape, [3, 1]);
          if (dMethod === 'acgan') {
            assert.deepEqual(outputs[1]!.shape, [3, 3]);
          } else {
            const same = tf.tile(tf.slice(x, [0, 0, 0, 0], [1, 12, 12, 1]), [3, 1, 1, 1]);
            const logits = discriminate(gan.discriminator, same, labels)[0]!.dataSync();
            assert.ok(Math.abs(logits[0]! - logits[1]!) > 1e-6 && Math.abs(logits[1]! - logits[2]!) > 1e-6, `logits ${Array.from(logits).join(', ')}`);
          }
        });
        disposeGan(gan);
        assert.equal(tf.memory().numTensors, before);
      });
    }
  }

  it('the same seed gives identical conditional models', () => {
    const a = build('dcgan', 'projection', 'conditional-batchnorm', 5);
    const b = build('dcgan', 'projection', 'conditional-batchnorm', 5);
    for (const key of ['generator', 'discriminator'] as const) {
      const values = (m: tfl.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
      assert.deepEqual(values(a[key]), values(b[key]));
    }
    disposeGan(a);
    disposeGan(b);
  });

  it('the projection term equals yᵀ·V·φ(x), computed by hand', () => {
    const gan = build('mlp', 'projection', 'concat');
    tf.tidy(() => {
      const x = tf.randomUniform([3, 12, 12, 1], -1, 1, 'float32', 4);
      const labels = tf.tensor2d([[2], [0], [1]], [3, 1], 'int32');
      const d = gan.discriminator;
      const projection = d.layers.find((l) => l instanceof ClassProjection)!;
      const head = d.layers.find((l) => l.getClassName() === 'Dense' && l.getConfig()['units'] === 1)!;
      const phiModel = tfl.model({ inputs: d.inputs, outputs: projection.input as tfl.SymbolicTensor[] });
      const [phi] = phiModel.predict([x, labels]) as tf.Tensor[];
      const phiRows = phi!.arraySync() as number[][];
      const v = projection.getWeights()[0]!.arraySync() as number[][];
      const [kernel, bias] = head.getWeights().map((w) => w.dataSync());
      const logits = (d.predict([x, labels]) as tf.Tensor).dataSync();
      [2, 0, 1].forEach((y, i) => {
        const term = phiRows[i]!.reduce((s, f, j) => s + v[y]![j]! * f, 0);
        const psi = phiRows[i]!.reduce((s, f, j) => s + kernel![j]! * f, bias![0]!);
        assert.ok(Math.abs(logits[i]! - (psi + term)) < 1e-5, `row ${i}: ${logits[i]} vs ${psi} + ${term}`);
      });
    });
    disposeGan(gan);
  });

  it('ClassConditionalAffine computes γ[y]·h + β[y] over the channel axis', () => {
    tf.tidy(() => {
      const layer = new ClassConditionalAffine({ classes: 2 });
      const h = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 1, 2]);
      layer.apply([h, tf.tensor1d([1, 0], 'int32')]);
      layer.setWeights([tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[0, 10], [20, 30]])]);
      const out = layer.apply([h, tf.tensor1d([1, 0], 'int32')]) as tf.Tensor;
      // sample 0 has class 1: (3x + 20, 4x + 30); sample 1 has class 0: (x, 2x + 10).
      assert.deepEqual(Array.from(out.dataSync()), [23, 38, 29, 46, 5, 22, 7, 26]);
    });
  });

  for (const [dMethod, gMethod] of METHODS) {
    it(`save → load round trip (D '${dMethod}', G '${gMethod}') gives the same outputs`, async () => {
      const gan = build('dcgan', dMethod, gMethod);
      perturbAffine(gan.generator);
      const x = tf.randomUniform([3, 12, 12, 1], -1, 1, 'float32', 4);
      const z = tf.randomNormal([3, 4], 0, 1, 'float32', 5);
      const labels = tf.tensor2d([[2], [0], [1]], [3, 1], 'int32');
      for (const [model, inputs] of [[gan.generator, [z, labels]], [gan.discriminator, dMethod === 'acgan' ? [x] : [x, labels]]] as const) {
        let artifacts: tf.io.ModelArtifacts | undefined;
        await model.save(tf.io.withSaveHandler(async (a) => {
          artifacts = a;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }));
        const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
        const values = (m: tfl.LayersModel) => tf.tidy(() => {
          const out = m.predict(inputs.length === 1 ? inputs[0]! : [...inputs]);
          return (Array.isArray(out) ? out : [out]).map((t) => Array.from(t.dataSync()));
        });
        assert.deepEqual(values(loaded), values(model));
        loaded.dispose();
      }
      tf.dispose([x, z, labels]);
      disposeGan(gan);
    });
  }

  it('rejects bad conditioning options, naming the option', () => {
    const base = { imageShape: [12, 12, 1], width: 4 };
    assert.throws(() => new DCGAN({ ...base, conditioning: { classes: 1 } }), /DCGAN: options.conditioning.classes must be an integer ≥ 2/);
    assert.throws(() => new DCGAN({ ...base, conditioning: { classes: 3, discriminator: 'dot' as 'concat' } }), /options.conditioning.discriminator must be one of/);
    assert.throws(
      () => new DCGAN({ ...base, generatorNormalization: 'none', conditioning: { classes: 3, generator: 'conditional-batchnorm' } }),
      /set generatorNormalization: 'batch'/,
    );
    assert.throws(() => new MLPGAN({ sampleShape: [2], conditioning: 10 as unknown as { classes: number } }), /MLPGAN: options.conditioning: options must be an object/);
  });
});
