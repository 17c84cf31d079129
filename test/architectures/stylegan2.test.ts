import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { StyleGAN2, styleGan2Parts, type StyleGAN2Options } from '../../src/architectures/stylegan2.js';
import { mixStyles, styleGan2Sample } from '../../src/latent/stylegan2_sampling.js';
import { GeneratorEma } from '../../src/trainers/generator_ema.js';
import { SeededRandom } from '../../src/utils/random.js';
import { loadModel, saveModel } from '../../src/io/model_files.js';
import { assertClose, saveAndLoad } from '../layers/layer_helpers.js';
import { disposeGan } from './model_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

const TINY: StyleGAN2Options = { resolution: 8, channels: 2, latentDim: 6, mappingLayers: 2, channelBase: 32, channelMax: 6, seed: 4 };

const values = (t: tf.Tensor) => Array.from(t.dataSync());

/** Gives every noise layer non-zero strengths, so that the noise matters. */
function strengthenNoise(gan: StyleGAN2): void {
  for (const layer of styleGan2Parts(gan.generator).noiseLayers) {
    const [strength, ...rest] = layer.getWeights();
    const stronger = tf.onesLike(strength!);
    layer.setWeights([stronger, ...rest]);
    stronger.dispose();
  }
}

describe('StyleGAN2', () => {
  for (const [generatorArchitecture, discriminatorArchitecture, resolution] of [['skip', 'resnet', 8], ['resnet', 'skip', 16], ['skip', 'skip', 4]] as const) {
    it(`builds ${resolution}×${resolution} with a ${generatorArchitecture} G and a ${discriminatorArchitecture} D`, () => {
      const gan = new StyleGAN2({ ...TINY, resolution, generatorArchitecture, discriminatorArchitecture });
      assert.equal(gan.numWs, 2 * Math.log2(resolution) - 2);
      const z = tf.randomNormal([4, 6], 0, 1, 'float32', 1);
      const images = gan.generator.predict(z) as tf.Tensor;
      assert.deepEqual(images.shape, [4, resolution, resolution, 2]);
      const logits = gan.discriminator.predict(images) as tf.Tensor;
      assert.deepEqual(logits.shape, [4, 1]);
      assert.ok(values(images).every(Number.isFinite) && values(logits).every(Number.isFinite));
      assert.deepEqual(gan.synthesis.inputs[0]!.shape, [null, gan.numWs, 6]);
      tf.dispose([z, images, logits]);
      disposeGan(gan);
    });
  }

  it('the mapping network normalizes z first: w(c·z) = w(z) for c > 0', () => {
    const gan = new StyleGAN2(TINY);
    const z = tf.randomNormal([3, 6], 0, 1, 'float32', 2);
    const scaled = tf.mul(z, 7);
    const [a, b] = [gan.mapping.predict(z) as tf.Tensor, gan.mapping.predict(scaled) as tf.Tensor];
    assertClose(values(b), values(a), 1e-5, 'w');
    tf.dispose([z, scaled, a, b]);
    disposeGan(gan);
  });

  it('the generator is synthesis(broadcast(mapping(z))), and training calls move w̄ toward the batch mean of w', () => {
    const gan = new StyleGAN2({ ...TINY, wAverageBeta: 0.75 });
    const parts = styleGan2Parts(gan.generator);
    assert.equal(parts.noiseLayers.length, 3);
    parts.noiseLayers.forEach((l) => (l.noise = 'const'));
    const z = tf.randomNormal([4, 6], 0, 1, 'float32', 3);
    tf.tidy(() => {
      const w = gan.mapping.predict(z) as tf.Tensor2D;
      const direct = gan.synthesis.predict(tf.tile(tf.expandDims(w, 1), [1, gan.numWs, 1])) as tf.Tensor;
      assert.deepEqual(values(gan.generator.predict(z) as tf.Tensor), values(direct));
      const before = parts.trackedMean.mean();
      assert.ok(values(before).every((v) => v === 0), 'w̄ starts at 0; inference calls leave it');
      gan.generator.apply(z, { training: true });
      assertClose(values(parts.trackedMean.mean()), values(tf.mul(tf.mean(w, 0), 0.25)), 1e-6, 'w̄ = 0.75·0 + 0.25·mean(w)');
    });
    z.dispose();
    disposeGan(gan);
  });

  it('truncation: ψ = 1 changes nothing, ψ = 0 gives every latent the image of w̄, a cutoff truncates the first layers only', () => {
    const gan = new StyleGAN2(TINY);
    const parts = styleGan2Parts(gan.generator);
    const z = new SeededRandom(1).normalTensor([3, 6]) as tf.Tensor2D;
    tf.tidy(() => {
      gan.generator.apply(new SeededRandom(2).normalTensor([16, 6]), { training: true });   // a non-zero w̄
      parts.noiseLayers.forEach((l) => (l.noise = 'const'));
      assert.deepEqual(values(styleGan2Sample(gan.generator, { latents: z })), values(gan.generator.predict(z) as tf.Tensor));
      const average = styleGan2Sample(gan.generator, { latents: z, psi: 0 });
      const wbar = parts.trackedMean.mean();
      const ofMean = gan.synthesis.predict(tf.tile(tf.reshape(wbar, [1, 1, 6]), [1, gan.numWs, 1])) as tf.Tensor;
      const size = ofMean.size;
      for (let n = 0; n < 3; n++) assertClose(values(average).slice(n * size, (n + 1) * size), values(ofMean), 1e-5, `sample ${n} at ψ = 0`);
      // ψ = 0.5 below layer 2: ws = [w̄ + ½(w − w̄)] × 2 then w × (numWs − 2).
      const cut = styleGan2Sample(gan.generator, { latents: z, psi: 0.5, truncationCutoff: 2 });
      const w = gan.mapping.predict(z) as tf.Tensor2D;
      const half = tf.add(wbar, tf.mul(tf.sub(w, wbar), 0.5));
      const ws = tf.concat([tf.stack([half, half], 1), tf.tile(tf.expandDims(w, 1), [1, gan.numWs - 2, 1])], 1);
      assertClose(values(cut), values(gan.synthesis.predict(ws) as tf.Tensor), 1e-5, 'cutoff 2');
    });
    z.dispose();
    disposeGan(gan);
  });

  it('style mixing: crossover numWs gives the first latent\'s image, 0 the second\'s, between differs from both', () => {
    const gan = new StyleGAN2(TINY);
    const [z1, z2] = [new SeededRandom(3).normalTensor([2, 6]) as tf.Tensor2D, new SeededRandom(4).normalTensor([2, 6]) as tf.Tensor2D];
    tf.tidy(() => {
      const sample = (latents: tf.Tensor2D, mix?: { latents: tf.Tensor2D; crossover: number }) => values(styleGan2Sample(gan.generator, mix === undefined ? { latents } : { latents, mix }));
      assert.deepEqual(sample(z1, { latents: z2, crossover: gan.numWs }), sample(z1));
      assert.deepEqual(sample(z1, { latents: z2, crossover: 0 }), sample(z2));
      const between = sample(z1, { latents: z2, crossover: 2 });
      assert.notDeepEqual(between, sample(z1));
      assert.notDeepEqual(between, sample(z2));
    });
    // mixStyles by hand, one crossover per sample.
    const a = tf.fill([2, 3, 2], 1) as tf.Tensor3D;
    const b = tf.fill([2, 3, 2], 5) as tf.Tensor3D;
    const mixed = mixStyles(a, b, [1, 3]);
    assert.deepEqual(values(mixed), [1, 1, 5, 5, 5, 5, 1, 1, 1, 1, 1, 1]);
    assert.throws(() => mixStyles(a, b, 4), /mixStyles: crossover must be an integer in \[0, 3\] or 2 of them, but got 4/);
    tf.dispose([z1, z2, a, b, mixed]);
    disposeGan(gan);
  });

  it('noise: const and a seeded stream are repeatable, none differs, the layers\' sources are restored', () => {
    const gan = new StyleGAN2(TINY);
    strengthenNoise(gan);
    const parts = styleGan2Parts(gan.generator);
    const z = new SeededRandom(5).normalTensor([2, 6]) as tf.Tensor2D;
    tf.tidy(() => {
      const sample = (noise: Parameters<typeof styleGan2Sample>[1]['noise']) => values(styleGan2Sample(gan.generator, noise === undefined ? { latents: z } : { latents: z, noise }));
      assert.deepEqual(sample('const'), sample(undefined));
      assert.deepEqual(sample(new SeededRandom(9)), sample(new SeededRandom(9)));
      assert.notDeepEqual(sample(new SeededRandom(9)), sample(new SeededRandom(10)));
      assert.notDeepEqual(sample('none'), sample('const'));
      const given = parts.noiseLayers.map((l) => tf.zeros([1, ...(l.getWeights()[1]!.shape), 1]));
      assert.deepEqual(sample(given), sample('none'), 'zero noise tensors = no noise');
      assert.ok(parts.noiseLayers.every((l) => l.noise === 'random'), 'sources restored');
      assert.throws(() => sample(given.slice(1)), /options\.noise has 2 tensors, but the synthesis network has 3 noise layers/);
    });
    z.dispose();
    disposeGan(gan);
  });

  it('generator EMA works through GeneratorEma: parts found on the copy, weights averaged, w̄ copied', () => {
    const gan = new StyleGAN2(TINY);
    const ema = new GeneratorEma(gan.generator, { decay: 0.5 });
    const z = new SeededRandom(6).normalTensor([2, 6]) as tf.Tensor2D;
    tf.tidy(() => {
      assert.deepEqual(values(styleGan2Sample(ema.model, { latents: z })), values(styleGan2Sample(gan.generator, { latents: z })));
      gan.generator.apply(z, { training: true });   // moves G's w̄
      const kernel = gan.mapping.getLayer('mapping_fc0').getWeights()[0]!;
      const before = values(kernel);
      gan.mapping.getLayer('mapping_fc0').setWeights([tf.add(kernel, 2), gan.mapping.getLayer('mapping_fc0').getWeights()[1]!]);
      ema.update(gan.generator, 1);
      const averaged = values(styleGan2Parts(ema.model).mapping.getLayer('mapping_fc0').getWeights()[0]!);
      assertClose(averaged, before.map((v) => v + 1), 1e-5, 'θ̄ = ½θ̄ + ½θ');
      assert.deepEqual(values(styleGan2Parts(ema.model).trackedMean.mean()), values(styleGan2Parts(gan.generator).trackedMean.mean()));
    });
    z.dispose();
    ema.dispose();
    disposeGan(gan);
  });

  it('saves and loads G (model files) and D with identical outputs (w̄ and the noise images included)', async () => {
    const gan = new StyleGAN2({ ...TINY, generatorArchitecture: 'resnet' });
    strengthenNoise(gan);
    const z = new SeededRandom(7).normalTensor([2, 6]) as tf.Tensor2D;
    tf.dispose(gan.generator.apply(z, { training: true }) as tf.Tensor);
    const folder = await mkdtemp(join(tmpdir(), 'gan-kit-stylegan2-'));
    await saveModel(gan.generator, join(folder, 'generator'));
    const loadedG = await loadModel(join(folder, 'generator'));
    await rm(folder, { recursive: true });
    const loadedD = await saveAndLoad(gan.discriminator);
    tf.tidy(() => {
      assert.deepEqual(values(styleGan2Sample(loadedG, { latents: z, psi: 0.7 })), values(styleGan2Sample(gan.generator, { latents: z, psi: 0.7 })));
      const x = tf.randomNormal([4, 8, 8, 2], 0, 1, 'float32', 3);
      assert.deepEqual(values(loadedD.predict(x) as tf.Tensor), values(gan.discriminator.predict(x) as tf.Tensor));
    });
    z.dispose();
    [loadedG, loadedD].forEach((m) => m.dispose());
    disposeGan(gan);
  });

  it('refuses bad options and models that are not StyleGAN2 generators', () => {
    assert.throws(() => new StyleGAN2({ ...TINY, resolution: 24 }), /StyleGAN2: options\.resolution must be a power of two ≥ 4/);
    assert.throws(() => new StyleGAN2({ ...TINY, generatorArchitecture: 'orig' as 'skip' }), /options\.generatorArchitecture must be one of 'skip', 'resnet', but got "orig"/);
    assert.throws(() => new StyleGAN2({ ...TINY, mappingLrMultiplier: 0 }), /options\.mappingLrMultiplier must be a finite number > 0, but got 0/);
    const gan = new StyleGAN2(TINY);
    assert.throws(() => styleGan2Parts(gan.discriminator), /styleGan2Parts: the model has no 'mapping' network/);
    const z = tf.zeros([2, 5]) as tf.Tensor2D;
    assert.throws(() => styleGan2Sample(gan.generator, { latents: z }), /options\.latents must be z \[n, 6\], but got \[2, 5\]/);
    z.dispose();
    disposeGan(gan);
  });
});
