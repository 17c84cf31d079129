import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ProGAN, growProGAN, type ProGANOptions } from '../../src/architectures/progan.js';
import { copySharedWeights } from '../../src/architectures/copy_shared_weights.js';
import { downsample2x, upsample2x } from '../../src/layers/resample_2d.js';
import { saveAndLoad } from '../layers/layer_helpers.js';
import { disposeGan, weightValues } from './model_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

const TINY: ProGANOptions = { resolution: 4, channels: 2, latentDim: 6, channelBase: 32, channelMax: 6, seed: 3 };

/** Outputs of G on fixed latents and of D on fixed images of the stage's size, as arrays. */
function outputs(gan: ProGAN, batch = 4): { images: number[]; logits: number[]; imagesTensorShape: number[] } {
  return tf.tidy(() => {
    const images = gan.generator.predict(tf.randomNormal([batch, gan.latentDim], 0, 1, 'float32', 5)) as tf.Tensor;
    const logits = gan.discriminator.predict(tf.randomNormal([batch, gan.resolution, gan.resolution, 2], 0, 1, 'float32', 6)) as tf.Tensor;
    return { images: Array.from(images.dataSync()), logits: Array.from(logits.dataSync()), imagesTensorShape: images.shape };
  });
}

describe('ProGAN', () => {
  it('builds the 4×4 stage and names layers by resolution', () => {
    const gan = new ProGAN(TINY);
    const { imagesTensorShape, logits } = outputs(gan);
    assert.deepEqual(imagesTensorShape, [4, 4, 4, 2]);
    assert.equal(logits.length, 4);
    const names = gan.generator.layers.map((l) => l.name);
    assert.ok(['g_4x4_dense', 'g_4x4_conv', 'g_torgb_4x4'].every((n) => names.includes(n)), names.join(' '));
    assert.ok(gan.discriminator.layers.some((l) => l.name === 'd_4x4_mbstd'));
    assert.equal(gan.alpha, 1, 'a stabilized network has α = 1');
    assert.throws(() => (gan.alpha = 0.5), /ProGAN: the 4x4 stage has no fade-in \(built with fadeIn: false\)/);
    disposeGan(gan);
  });

  it('follows the channel rule C(r) = min(⌊channelBase / r⌋, channelMax) and is deterministic for a seed', () => {
    const a = new ProGAN({ ...TINY, resolution: 16 });
    const b = new ProGAN({ ...TINY, resolution: 16 });
    const filters = (name: string) => a.generator.getLayer(name).getConfig()['filters'];
    assert.deepEqual([filters('g_4x4_conv'), filters('g_8x8_conv1'), filters('g_16x16_conv1')], [6, 4, 2]);
    assert.deepEqual(weightValues(a.generator), weightValues(b.generator));
    assert.deepEqual(weightValues(a.discriminator), weightValues(b.discriminator));
    disposeGan(a);
    disposeGan(b);
  });

  it('grows into the next stage: at α = 0, G′(z) = up(G(z)) and D′(x) = D(avgpool(x)) exactly', () => {
    const gan = new ProGAN(TINY);
    const grown = growProGAN(gan);
    assert.deepEqual([grown.resolution, grown.fadeIn, grown.alpha], [8, true, 0]);
    const z = tf.randomNormal([4, 6], 0, 1, 'float32', 7);
    const x = tf.randomNormal([4, 8, 8, 2], 0, 1, 'float32', 8);
    tf.tidy(() => {
      const upsampled = upsample2x(gan.generator.predict(z) as tf.Tensor4D, 'box');
      assert.deepEqual(Array.from((grown.generator.predict(z) as tf.Tensor).dataSync()), Array.from(upsampled.dataSync()));
      const judged = gan.discriminator.predict(downsample2x(x as tf.Tensor4D, 'box')) as tf.Tensor;
      assert.deepEqual(Array.from((grown.discriminator.predict(x) as tf.Tensor).dataSync()), Array.from(judged.dataSync()));
      // At α = 1 the new layers decide: the outputs differ.
      grown.alpha = 1;
      assert.notDeepEqual(Array.from((grown.generator.predict(z) as tf.Tensor).dataSync()), Array.from(upsampled.dataSync()));
      assert.equal((grown.discriminator.getLayer('d_fade_8x8') as unknown as { alpha: number }).alpha, 1, 'α set in D too');
    });
    // Growing again: 8×8 at α = 1 → 16×16, the 8×8 output carried over.
    const twice = growProGAN(grown);
    tf.tidy(() => {
      const upsampled = upsample2x(grown.generator.predict(z) as tf.Tensor4D, 'box');
      assert.deepEqual(Array.from((twice.generator.predict(z) as tf.Tensor).dataSync()), Array.from(upsampled.dataSync()));
    });
    tf.dispose([z, x]);
    [gan, grown, twice].forEach(disposeGan);
  });

  it('copySharedWeights copies the layers two stages share and refuses different architectures', () => {
    const gan = new ProGAN(TINY);
    const next = new ProGAN({ ...TINY, resolution: 8, fadeIn: true, seed: 99 });
    const copied = copySharedWeights(gan.generator, next.generator);
    assert.deepEqual(copied.sort(), ['g_4x4_conv', 'g_4x4_dense', 'g_torgb_4x4'].sort());
    const values = (model: typeof gan.generator) => model.getLayer('g_4x4_conv').getWeights().map((w) => Array.from(w.dataSync()));
    assert.deepEqual(values(next.generator), values(gan.generator));
    const wider = new ProGAN({ ...TINY, resolution: 8, channelMax: 8 });
    assert.throws(() => copySharedWeights(gan.generator, wider.generator), /copySharedWeights: layer 'g_4x4_dense' has weights \[\[6,96\],\[96\]\] in the source but \[\[6,128\],\[128\]\] in the target/);
    [gan, next, wider].forEach(disposeGan);
  });

  it('saves and loads a fading stage with identical outputs, α included', async () => {
    const gan = growProGAN(new ProGAN(TINY));
    gan.alpha = 0.375;
    const z = tf.randomNormal([4, 6], 0, 1, 'float32', 9);
    const x = tf.randomNormal([4, 8, 8, 2], 0, 1, 'float32', 10);
    for (const [model, input] of [[gan.generator, z], [gan.discriminator, x]] as const) {
      const loaded = await saveAndLoad(model);
      const [a, b] = [model.predict(input) as tf.Tensor, loaded.predict(input) as tf.Tensor];
      assert.deepEqual(Array.from(b.dataSync()), Array.from(a.dataSync()));
      tf.dispose([a, b]);
      loaded.dispose();
    }
    tf.dispose([z, x]);
    disposeGan(gan);
  });

  it('refuses bad options, naming them', () => {
    assert.throws(() => new ProGAN({ ...TINY, resolution: 12 }), /ProGAN: options\.resolution must be a power of two ≥ 4 \(4, 8, 16, 32, …\), but got 12/);
    assert.throws(() => new ProGAN({ ...TINY, fadeIn: true }), /options\.fadeIn needs a resolution ≥ 8/);
    assert.throws(() => new ProGAN({ resolution: 8 } as ProGANOptions), /ProGAN: options\.channels is required: the number of image channels/);
    assert.throws(() => new ProGAN({ ...TINY, alpha: 2 }), /options\.alpha must be a number in \[0, 1\], but got 2/);
    assert.throws(() => growProGAN({} as ProGAN), /growProGAN: gan must be a ProGAN/);
  });
});
