import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { DCGAN, type DCGANOptions } from '../../src/architectures/dcgan.js';
import { SpectralNormalization } from '../../src/layers/spectral_normalization.js';
import { disposeGan, forward, layerSummary, moments, weightValues } from './model_helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

describe('DCGAN', () => {
  const cases: { imageShape: number[]; g: DCGANOptions['generatorNormalization']; d: DCGANOptions['discriminatorNormalization'] }[] = [
    { imageShape: [28, 28, 1], g: 'batch', d: 'batch' },
    { imageShape: [28, 28, 1], g: 'none', d: 'spectral' },
    { imageShape: [32, 32, 3], g: 'spectral', d: 'none' },
    { imageShape: [32, 32, 1], g: 'batch', d: 'spectral' },
    { imageShape: [64, 64, 3], g: 'batch', d: 'batch' },
    { imageShape: [48, 40, 2], g: 'none', d: 'none' },
    { imageShape: [12, 12, 1], g: 'batch', d: 'batch' },
  ];
  for (const { imageShape, g, d } of cases) {
    it(`${imageShape.join('×')}, G ${g}, D ${d}: G maps [2, latentDim] to images in [−1, 1], D to [2, 1] logits`, () => {
      const gan = new DCGAN({ imageShape, latentDim: 16, width: 4, generatorNormalization: g ?? 'batch', discriminatorNormalization: d ?? 'batch', seed: 1 });
      assert.equal(gan.latentDim, 16);
      const before = tf.memory().numTensors;
      const out = forward(gan, 2);
      assert.equal(tf.memory().numTensors, before, 'a forward pass leaks nothing');
      assert.deepEqual(out.sampleShape, [2, ...imageShape]);
      assert.ok(out.samples.every((v) => v >= -1 && v <= 1));
      assert.deepEqual(out.logitShape, [2, 1]);
      const wrapped = (m: typeof gan.generator) => m.layers.filter((l) => l instanceof SpectralNormalization).length;
      assert.equal(wrapped(gan.discriminator) > 0, d === 'spectral');
      assert.equal(wrapped(gan.generator) > 0, g === 'spectral');
      const hasBatchNorm = (m: typeof gan.generator) => m.layers.some((l) => l.getClassName() === 'BatchNormalization');
      assert.equal(hasBatchNorm(gan.generator), g === 'batch');
      assert.equal(hasBatchNorm(gan.discriminator), d === 'batch');
      disposeGan(gan);
    });
  }

  it('new DCGAN({ imageShape: [28, 28, 1] }) is exactly the DCGAN-28 benchmark workload', () => {
    const gan = new DCGAN({ imageShape: [28, 28, 1] });
    assert.equal(gan.latentDim, 100);
    assert.deepEqual(layerSummary(gan.generator), [
      'Dense units=6272 useBias=false activation="linear"',
      'BatchNormalization',
      'ReLU',
      'Reshape targetShape=[7,7,128]',
      'Conv2DTranspose filters=64 kernelSize=[4,4] strides=[2,2] padding="same" useBias=false activation="linear"',
      'BatchNormalization',
      'ReLU',
      'Conv2DTranspose filters=1 kernelSize=[4,4] strides=[2,2] padding="same" useBias=true activation="linear"',
      'Activation activation="tanh"',
    ]);
    assert.deepEqual(layerSummary(gan.discriminator), [
      'Conv2D filters=64 kernelSize=[4,4] strides=[2,2] padding="same" useBias=true activation="linear"',
      'LeakyReLU alpha=0.2',
      'Conv2D filters=128 kernelSize=[4,4] strides=[2,2] padding="same" useBias=false activation="linear"',
      'BatchNormalization',
      'LeakyReLU alpha=0.2',
      'Flatten',
      'Dense units=1 useBias=true activation="linear"',
    ]);
    // Parameters (batch normalization counts γ, β and the two moving statistics):
    // G: 100·6272 + 4·6272 + 4·4·128·64 + 4·64 + (4·4·64·1 + 1)
    assert.equal(gan.generator.countParams(), 627200 + 25088 + 131072 + 256 + 1025);
    // D: (4·4·1·64 + 64) + 4·4·64·128 + 4·128 + (6272 + 1)
    assert.equal(gan.discriminator.countParams(), 1088 + 131072 + 512 + 6273);
    disposeGan(gan);
  });

  it('64×64 follows Radford et al.: G 4×4×512 → 256 → 128 → 64 → c, D 64 → 128 → 256 → 512 → 1', () => {
    const gan = new DCGAN({ imageShape: [64, 64, 3] });
    const filters = (m: typeof gan.generator, cls: string) =>
      m.layers.filter((l) => l.getClassName() === cls).map((l) => l.getConfig()['filters']);
    assert.deepEqual(gan.generator.layers[3]!.getConfig()['targetShape'], [4, 4, 512]);
    assert.deepEqual(filters(gan.generator, 'Conv2DTranspose'), [256, 128, 64, 3]);
    assert.deepEqual(filters(gan.discriminator, 'Conv2D'), [64, 128, 256, 512]);
    const dClasses = gan.discriminator.layers.map((l) => l.getClassName());
    assert.deepEqual(dClasses.slice(0, 3), ['Conv2D', 'LeakyReLU', 'Conv2D'], 'no batch normalization after D’s first layer');
    assert.equal(dClasses.filter((c) => c === 'BatchNormalization').length, 3);
    assert.deepEqual(gan.discriminator.outputs[0]!.shape, [null, 1]);
    disposeGan(gan);
  });

  it('32×32×3, the colour size of the DCGAN tutorials, is the same layout one stage shorter: G 4×4×256 → 128 → 64 → 3, D 64 → 128 → 256 → 1', () => {
    const gan = new DCGAN({ imageShape: [32, 32, 3] });
    const filters = (m: typeof gan.generator, cls: string) =>
      m.layers.filter((l) => l.getClassName() === cls).map((l) => l.getConfig()['filters']);
    assert.deepEqual(gan.generator.layers[3]!.getConfig()['targetShape'], [4, 4, 256]);
    assert.deepEqual(filters(gan.generator, 'Conv2DTranspose'), [128, 64, 3]);
    assert.deepEqual(filters(gan.discriminator, 'Conv2D'), [64, 128, 256]);
    assert.deepEqual(gan.discriminator.layers.map((l) => l.getClassName()).slice(0, 3), ['Conv2D', 'LeakyReLU', 'Conv2D']);
    assert.deepEqual(gan.generator.outputs[0]!.shape, [null, 32, 32, 3]);
    assert.equal(gan.generator.layers[gan.generator.layers.length - 1]!.getConfig()['activation'], 'tanh');
    disposeGan(gan);
  });

  it('the discriminator returns logits: a linear last layer whose outputs leave [0, 1]', () => {
    const gan = new DCGAN({ imageShape: [28, 28, 1], width: 4, seed: 3 });
    const last = gan.discriminator.layers[gan.discriminator.layers.length - 1]!;
    assert.equal(last.getConfig()['activation'], 'linear');
    const [kernel, bias] = last.getWeights();
    last.setWeights([tf.mul(kernel!, 1000), bias!]);
    const logits = tf.tidy(() => Array.from((gan.discriminator.predict(tf.randomUniform([8, 28, 28, 1], -1, 1, 'float32', 4)) as tf.Tensor).dataSync()));
    assert.ok(logits.some((v) => v > 1 || v < 0), `logits ${logits.join(', ')}`);
    disposeGan(gan);
  });

  it('initialises kernels N(0, 0.02) and batch normalization γ N(1, 0.02)', () => {
    const gan = new DCGAN({ imageShape: [28, 28, 1], seed: 5 });
    const byName = (suffix: string) => gan.generator.weights.filter((w) => w.originalName.endsWith(suffix)).map((w) => w.read().dataSync());
    const denseKernel = moments(byName('/kernel')[0]!); // 100 × 6272 values
    assert.ok(Math.abs(denseKernel.mean) < 5e-4, `mean ${denseKernel.mean}`);
    assert.ok(Math.abs(denseKernel.std - 0.02) < 5e-4, `std ${denseKernel.std}`);
    const convKernel = moments(byName('/kernel')[1]!); // 4 × 4 × 64 × 128 values
    assert.ok(Math.abs(convKernel.std - 0.02) < 1e-3, `std ${convKernel.std}`);
    const gamma = moments(byName('/gamma')[0]!); // 6272 values
    assert.ok(Math.abs(gamma.mean - 1) < 2e-3 && Math.abs(gamma.std - 0.02) < 2e-3, `γ ${gamma.mean} ± ${gamma.std}`);
    disposeGan(gan);
  });

  it('the same seed gives identical initial weights, another seed different ones (with spectral normalization too)', () => {
    const options = { imageShape: [32, 32, 1], width: 4, latentDim: 8, discriminatorNormalization: 'spectral' } as const;
    const a = new DCGAN({ ...options, seed: 7 });
    const b = new DCGAN({ ...options, seed: 7 });
    const c = new DCGAN({ ...options, seed: 8 });
    assert.deepEqual(weightValues(a.generator), weightValues(b.generator));
    assert.deepEqual(weightValues(a.discriminator), weightValues(b.discriminator));
    const differs = (x: number[][], y: number[][]) => x.some((w, i) => w.length > 1 && w.some((v, j) => v !== y[i]![j]));
    assert.ok(differs(weightValues(a.generator), weightValues(c.generator)));
    assert.ok(differs(weightValues(a.discriminator), weightValues(c.discriminator)));
    for (const gan of [a, b, c]) disposeGan(gan);
  });

  it("a 'spectral' discriminator takes a gradient step and survives save → load with the same logits", async () => {
    const gan = new DCGAN({ imageShape: [12, 12, 1], width: 4, latentDim: 4, discriminatorNormalization: 'spectral', seed: 2 });
    const x = tf.randomUniform([4, 12, 12, 1], -1, 1, 'float32', 3);
    const optimizer = tf.train.adam(1e-3);
    const u = () => gan.discriminator.nonTrainableWeights.map((w) => Array.from(w.read().dataSync()));
    const uBefore = u();
    optimizer.minimize(() => tf.mean(tf.softplus(tf.neg(gan.discriminator.apply(x, { training: true }) as tf.Tensor))) as tf.Scalar);
    assert.notDeepEqual(u(), uBefore, 'training updates u');
    let artifacts: tf.io.ModelArtifacts | undefined;
    await gan.discriminator.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
    const logits = (m: tfl.LayersModel) => tf.tidy(() => Array.from((m.predict(x) as tf.Tensor).dataSync()));
    assert.deepEqual(logits(loaded), logits(gan.discriminator));
    tf.dispose(x);
    optimizer.dispose();
    loaded.dispose();
    disposeGan(gan);
  });

  it('disposing both networks frees every tensor it created', () => {
    const before = tf.memory().numTensors;
    const gan = new DCGAN({ imageShape: [32, 32, 3], width: 4, discriminatorNormalization: 'spectral', seed: 1 });
    assert.ok(tf.memory().numTensors > before);
    disposeGan(gan);
    assert.equal(tf.memory().numTensors, before);
  });

  it('rejects bad options before building anything, naming the option and the value', () => {
    const ok = { imageShape: [28, 28, 1] };
    const cases: [unknown, RegExp][] = [
      [undefined, /DCGAN: options must be an object .* got undefined/],
      [{}, /DCGAN: options\.imageShape must be a non-empty array of integers ≥ 1, but got undefined/],
      [{ imageShape: [30, 30, 1] }, /options\.imageShape \[30,30,1\] cannot be built.*divisible by 4.*\[28, 28, 1\], \[32, 32, 3\], \[64, 64, 3\]/],
      [{ imageShape: [8, 8, 3] }, /options\.imageShape \[8,8,3\] cannot be built/],
      [{ imageShape: [28, 28] }, /options\.imageShape \[28,28\] cannot be built: it must be \[height, width, channels\]/],
      [{ imageShape: [28, 28, 0] }, /options\.imageShape must be a non-empty array of integers ≥ 1, but got \[28,28,0\]/],
      [{ imageShape: [28.5, 28, 1] }, /options\.imageShape .* got \[28\.5,28,1\]/],
      [{ ...ok, latentDim: 0 }, /DCGAN: options\.latentDim must be an integer ≥ 1, but got 0/],
      [{ ...ok, latentDim: -3 }, /options\.latentDim .* got -3/],
      [{ ...ok, latentDim: 2.5 }, /options\.latentDim .* got 2\.5/],
      [{ ...ok, latentDim: '100' }, /options\.latentDim .* got "100"/],
      [{ ...ok, width: 0 }, /options\.width must be an integer ≥ 1, but got 0/],
      [{ ...ok, generatorNormalization: 'layer' }, /options\.generatorNormalization must be one of 'batch', 'spectral', 'none', but got "layer"/],
      [{ ...ok, discriminatorNormalization: 'instance' }, /options\.discriminatorNormalization .* got "instance"/],
      [{ ...ok, seed: Number.NaN }, /options\.seed must be a finite number, but got NaN/],
    ];
    const before = tf.memory().numTensors;
    for (const [options, message] of cases) assert.throws(() => new DCGAN(options as DCGANOptions), message);
    assert.equal(tf.memory().numTensors, before);
  });
});
