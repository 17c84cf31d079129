import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { SpectralNormalization } from '../../src/layers/spectral_normalization.js';

before(async () => {
  await tf.setBackend('cpu');
});

type Kind = 'Dense' | 'Conv2D' | 'Conv2DTranspose';

/** A fresh wrapped layer of each kind, built on an input of the given shape (batch 2). */
function makeLayer(kind: Kind, extra: { powerIterations?: number; seed?: number; activation?: 'relu' | 'tanh' } = {}) {
  const { activation, ...snArgs } = extra;
  const initializers = {
    kernelInitializer: tfl.initializers.glorotNormal({ seed: extra.seed ?? 0 }),
    biasInitializer: tfl.initializers.randomNormal({ seed: (extra.seed ?? 0) + 1 }),
  };
  const common = activation === undefined ? initializers : { ...initializers, activation };
  const layer =
    kind === 'Dense'
      ? tfl.layers.dense({ units: 4, ...common })
      : kind === 'Conv2D'
        ? tfl.layers.conv2d({ filters: 5, kernelSize: 3, padding: 'same', ...common })
        : tfl.layers.conv2dTranspose({ filters: 5, kernelSize: 3, strides: 2, padding: 'same', ...common });
  const inputShape = kind === 'Dense' ? [2, 6] : [2, 4, 4, 2];
  const sn = new SpectralNormalization({ layer, ...snArgs });
  tf.dispose(sn.apply(tf.zeros(inputShape)) as tf.Tensor);
  return { sn, inputShape };
}

function kernelOf(sn: SpectralNormalization): tfl.LayerVariable {
  return sn.layer.weights[0]!;
}

function uOf(sn: SpectralNormalization): number[] {
  return Array.from(sn.nonTrainableWeights[0]!.read().dataSync());
}

/** The kernel as the [m, outChannels] matrix, built in plain JavaScript from the kernel's values and layout. */
function kernelMatrix(kind: Kind, kernel: tf.Tensor): Matrix {
  const values = kernel.dataSync();
  const shape = kernel.shape;
  if (kind === 'Dense') return new Matrix(Array.from({ length: shape[0]! }, (_, i) => Array.from(values.slice(i * shape[1]!, (i + 1) * shape[1]!))));
  if (kind === 'Conv2D') {
    const out = shape[3]!;
    const rows = values.length / out;
    return new Matrix(Array.from({ length: rows }, (_, r) => Array.from(values.slice(r * out, (r + 1) * out))));
  }
  // Conv2DTranspose kernel [kh, kw, out, in]: row (i, j, c_in), column c_out.
  const [kh, kw, out, inC] = shape as [number, number, number, number];
  const m = Matrix.zeros(kh * kw * inC, out);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let o = 0; o < out; o++)
        for (let c = 0; c < inC; c++) m.set((i * kw + j) * inC + c, o, values[((i * kw + j) * out + o) * inC + c]!);
  return m;
}

function largestSingularValue(m: Matrix): number {
  return Math.max(...new SingularValueDecomposition(m, { computeLeftSingularVectors: false, computeRightSingularVectors: false }).diagonal);
}

function l2(x: number[]): number[] {
  const n = Math.sqrt(x.reduce((s, a) => s + a * a, 0));
  return x.map((a) => a / n);
}

/** `steps` power-iteration steps in float64 from l2normalize(u0), returning σ = v W uᵀ and the new u. */
function handSigma(w: Matrix, u0: number[], steps: number): { sigma: number; u: number[] } {
  let u = l2(u0);
  let v = l2(new Matrix([u]).mmul(w.transpose()).getRow(0));
  for (let s = 1; s <= steps; s++) {
    u = l2(new Matrix([v]).mmul(w).getRow(0));
    if (s < steps) v = l2(new Matrix([u]).mmul(w.transpose()).getRow(0));
  }
  return { sigma: new Matrix([v]).mmul(w).mmul(new Matrix([u]).transpose()).get(0, 0), u };
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${what}[${i}]: got ${a}, expected ${e} (tol ${tol})`);
  }
}

describe('SpectralNormalization', () => {
  for (const kind of ['Dense', 'Conv2D', 'Conv2DTranspose'] as const) {
    it(`${kind}: power iteration converges to the largest singular value computed by SVD`, () => {
      const { sn, inputShape } = makeLayer(kind, { powerIterations: 300, seed: 3 });
      const w = kernelMatrix(kind, kernelOf(sn).read());
      const expected = largestSingularValue(w);
      const x = tf.randomNormal(inputShape, 0, 1, 'float32', 4);
      tf.dispose(sn.apply(x, { training: true }) as tf.Tensor);
      const sigma = sn.spectralNorm();
      const estimate = sigma.dataSync()[0]!;
      assert.ok(Math.abs(estimate / expected - 1) < 1e-4, `σ ${estimate} vs SVD ${expected}`);
      const normalized = largestSingularValue(w.div(estimate));
      assert.ok(Math.abs(normalized - 1) < 1e-4, `spectral norm of W/σ is ${normalized}`);
      tf.dispose([x, sigma]);
    });
  }

  it('with the default single step, repeated training calls converge (amortised power iteration)', () => {
    const { sn, inputShape } = makeLayer('Conv2D', { seed: 5 });
    assert.equal(sn.powerIterations, 1);
    const expected = largestSingularValue(kernelMatrix('Conv2D', kernelOf(sn).read()));
    const x = tf.ones(inputShape);
    const first = sn.spectralNorm();
    assert.ok(first.dataSync()[0]! < expected * 0.999, 'a random u underestimates σ');
    for (let i = 0; i < 150; i++) tf.dispose(sn.apply(x, { training: true }) as tf.Tensor);
    const last = sn.spectralNorm();
    assert.ok(Math.abs(last.dataSync()[0]! / expected - 1) < 1e-3, `σ ${last.dataSync()[0]} vs SVD ${expected}`);
    tf.dispose([x, first, last]);
  });

  it('updates u in training only', () => {
    const { sn, inputShape } = makeLayer('Dense', { seed: 1 });
    const x = tf.randomNormal(inputShape, 0, 1, 'float32', 2);
    const u0 = uOf(sn);
    tf.dispose(sn.apply(x) as tf.Tensor);
    tf.dispose(sn.apply(x, { training: false }) as tf.Tensor);
    assert.deepEqual(uOf(sn), u0);
    tf.dispose(sn.apply(x, { training: true }) as tf.Tensor);
    const u1 = uOf(sn);
    assert.ok(u1.some((a, i) => Math.abs(a - u0[i]!) > 1e-3), 'u changed');
    assertClose([Math.hypot(...u1)], [1], 1e-5, '‖u‖ after a training step');
    x.dispose();
  });

  it('the same seed gives the same u, another seed another u', () => {
    const a = makeLayer('Dense', { seed: 7 }).sn;
    const b = makeLayer('Dense', { seed: 7 }).sn;
    const c = makeLayer('Dense', { seed: 8 }).sn;
    assert.deepEqual(uOf(a), uOf(b));
    assert.notDeepEqual(uOf(a), uOf(c));
    const u = uOf(a);
    assert.equal(u.length, 4);
  });

  it('Dense output equals relu(x W/σ + b) with σ from a hand power iteration, in training and inference', () => {
    const { sn, inputShape } = makeLayer('Dense', { powerIterations: 2, seed: 11, activation: 'relu' });
    // getWeights() returns the variables themselves: read them, never dispose them.
    const [kernel, bias] = sn.layer.getWeights() as [tf.Tensor, tf.Tensor];
    const w = kernelMatrix('Dense', kernel);
    const b = Array.from(bias.dataSync());
    const x = tf.randomNormal(inputShape, 0, 1, 'float32', 12);
    const xm = new Matrix(x.arraySync() as number[][]);
    const expectedOutput = (sigma: number) =>
      xm.mmul(w.div(sigma)).to2DArray().flatMap((row) => row.map((a, j) => Math.max(0, a + b[j]!)));
    const u0 = uOf(sn);
    const trainingHand = handSigma(w, u0, 2);
    const yTrain = sn.apply(x, { training: true }) as tf.Tensor;
    assertClose(yTrain.dataSync(), expectedOutput(trainingHand.sigma), 1e-4, 'training output');
    assertClose(uOf(sn), trainingHand.u, 1e-5, 'stored u');
    const inferenceHand = handSigma(w, trainingHand.u, 0);
    const yInfer = sn.apply(x) as tf.Tensor;
    assertClose(yInfer.dataSync(), expectedOutput(inferenceHand.sigma), 1e-4, 'inference output');
    tf.dispose([x, yTrain, yInfer]);
  });

  // Each wrapped convolution must equal the plain tfjs-layers layer with the same configuration whose kernel is W/σ.
  const convCases: { name: string; make: () => tfl.layers.Layer; inputShape: number[] }[] = [
    {
      name: 'Conv2D, stride 2, same padding, tanh',
      make: () => tfl.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh', biasInitializer: 'randomNormal' }),
      inputShape: [2, 5, 5, 2],
    },
    {
      name: 'Conv2D, dilation 2, valid padding, no bias',
      make: () => tfl.layers.conv2d({ filters: 3, kernelSize: 2, dilationRate: 2, padding: 'valid', useBias: false }),
      inputShape: [2, 5, 6, 2],
    },
    {
      name: 'Conv2D, channelsFirst',
      make: () => tfl.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', dataFormat: 'channelsFirst', biasInitializer: 'randomNormal' }),
      inputShape: [2, 2, 4, 4],
    },
    {
      name: 'Conv2DTranspose, stride 2, same padding, relu',
      make: () => tfl.layers.conv2dTranspose({ filters: 3, kernelSize: 4, strides: 2, padding: 'same', activation: 'relu', biasInitializer: 'randomNormal' }),
      inputShape: [2, 3, 3, 2],
    },
    {
      name: 'Conv2DTranspose, kernel 3, stride 2, valid padding',
      make: () => tfl.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'valid', biasInitializer: 'randomNormal' }),
      inputShape: [2, 3, 4, 3],
    },
    {
      name: 'Conv2DTranspose, channelsFirst',
      make: () => tfl.layers.conv2dTranspose({ filters: 2, kernelSize: 2, strides: 2, padding: 'same', dataFormat: 'channelsFirst', biasInitializer: 'randomNormal' }),
      inputShape: [2, 3, 3, 3],
    },
  ];
  for (const c of convCases) {
    it(`${c.name}: output equals the plain layer with kernel W/σ`, () => {
      const sn = new SpectralNormalization({ layer: c.make(), seed: 2 });
      const plain = c.make();
      const x = tf.randomNormal(c.inputShape, 0, 1, 'float32', 9);
      tf.dispose(sn.apply(x) as tf.Tensor);
      tf.dispose(plain.apply(x) as tf.Tensor);
      const kind = sn.layer.getClassName() as Kind;
      const weights = sn.layer.getWeights();
      const sigma = handSigma(kernelMatrix(kind, weights[0]!), uOf(sn), 0).sigma;
      const scaled = tf.div(weights[0]!, sigma);
      plain.setWeights([scaled, ...weights.slice(1)]);
      const expected = plain.apply(x) as tf.Tensor;
      const actual = sn.apply(x) as tf.Tensor;
      assert.deepEqual(actual.shape, expected.shape);
      assertClose(actual.dataSync(), expected.dataSync(), 1e-5, c.name);
      tf.dispose([x, scaled, expected, actual]);
      plain.dispose();
      sn.dispose();
    });
  }

  it('save → load round trip keeps the outputs, u and the configuration', async () => {
    const model = tfl.sequential({
      layers: [
        new SpectralNormalization({
          layer: tfl.layers.conv2dTranspose({ filters: 3, kernelSize: 4, strides: 2, padding: 'same', activation: 'relu' }),
          inputShape: [3, 3, 2],
          powerIterations: 2,
          epsilon: 1e-10,
          seed: 4,
        }),
        new SpectralNormalization({ layer: tfl.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }) }),
        tfl.layers.flatten(),
        new SpectralNormalization({ layer: tfl.layers.dense({ units: 1, biasInitializer: 'randomNormal' }) }),
      ],
    });
    const x = tf.randomNormal([2, 3, 3, 2], 0, 1, 'float32', 6);
    for (let i = 0; i < 3; i++) tf.dispose(model.apply(x, { training: true }) as tf.Tensor);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
    const names = (m: tfl.LayersModel) => m.weights.map((w) => w.originalName);
    assert.deepEqual(names(loaded), names(model));
    assert.equal(model.weights.filter((w) => w.originalName.endsWith('/sn_u')).length, 3);
    const original = model.getWeights();
    const restored = loaded.getWeights();
    original.forEach((w, i) => assert.deepEqual(Array.from(restored[i]!.dataSync()), Array.from(w.dataSync()), `weight ${i}`));
    const first = loaded.layers[0] as SpectralNormalization;
    assert.ok(first instanceof SpectralNormalization);
    assert.equal(first.powerIterations, 2);
    assert.equal(first.epsilon, 1e-10);
    assert.equal(first.seed, 4);
    assert.equal(first.layer.getClassName(), 'Conv2DTranspose');
    for (const training of [false, true]) {
      const a = model.apply(x, { training }) as tf.Tensor;
      const b = loaded.apply(x, { training }) as tf.Tensor;
      assert.deepEqual(Array.from(b.dataSync()), Array.from(a.dataSync()), `outputs, training ${training}`);
      tf.dispose([a, b]);
    }
    x.dispose();
    model.dispose();
    loaded.dispose();
  });

  /** Central finite differences of f with respect to every kernel entry, compared with tf.grad. */
  function checkKernelGradient(sn: SpectralNormalization, f: () => tf.Scalar, beforeEach: () => void, tol: number): void {
    const kernel = kernelOf(sn);
    const analytic = tf.tidy(() => {
      beforeEach();
      return tf.variableGrads(f, [kernel.read() as tf.Variable]).grads[kernel.name]!.dataSync().slice();
    });
    const base = Float32Array.from(kernel.read().dataSync());
    const setKernel = (values: Float32Array) => tf.tidy(() => {
      kernel.write(tf.tensor(values, kernel.read().shape));
    });
    const h = 1e-2;
    const numeric = Array.from(base, (_, i) => {
      const at = (delta: number) => {
        const values = base.slice();
        values[i]! += delta;
        setKernel(values);
        beforeEach();
        return tf.tidy(() => f().dataSync()[0]!);
      };
      return (at(h) - at(-h)) / (2 * h);
    });
    setKernel(base);
    assertClose(analytic, numeric, tol, 'dF/dW');
  }

  it('gradient with respect to W matches central finite differences (inference, Dense and Conv2D)', () => {
    for (const kind of ['Dense', 'Conv2D'] as const) {
      const { sn, inputShape } = makeLayer(kind, { seed: 21, activation: 'tanh' });
      const x = tf.randomNormal(inputShape, 0, 1, 'float32', 22);
      const r = tf.tidy(() => tf.randomNormal((sn.apply(x) as tf.Tensor).shape, 0, 1, 'float32', 23));
      const before = tf.memory().numTensors;
      checkKernelGradient(sn, () => tf.sum(tf.mul(sn.apply(x) as tf.Tensor, r)), () => undefined, 2e-3);
      assert.equal(tf.memory().numTensors, before, `${kind}: no leaked tensors`);
      tf.dispose([x, r]);
      sn.dispose();
    }
  });

  it('gradient with respect to W matches finite differences in training with a converged u', () => {
    const { sn, inputShape } = makeLayer('Dense', { seed: 31, powerIterations: 200 });
    const x = tf.randomNormal(inputShape, 0, 1, 'float32', 32);
    const r = tf.randomNormal([inputShape[0]!, 4], 0, 1, 'float32', 33);
    const u0 = tf.clone(sn.nonTrainableWeights[0]!.read());
    const resetU = () => sn.nonTrainableWeights[0]!.write(u0);
    checkKernelGradient(sn, () => tf.sum(tf.mul(sn.apply(x, { training: true }) as tf.Tensor, r)), resetU, 2e-3);
    tf.dispose([x, r, u0]);
  });

  // tfjs-core 4.22's second derivatives of tanh and sigmoid are wrong and LeakyReLU's is missing ("gradient function
  // not found for Greater"), so the double-backprop checks use linear and ReLU layers, whose second derivatives are right.
  it('supports a gradient penalty (gradients of gradients) that matches finite differences', () => {
    const { sn, inputShape } = makeLayer('Dense', { seed: 41 });
    const x = tf.randomNormal(inputShape, 0, 1, 'float32', 42);
    const penalty = () => {
      const g = tf.grad((xx: tf.Tensor) => tf.sum(sn.apply(xx) as tf.Tensor))(x);
      return tf.sum(tf.square(g)) as tf.Scalar;
    };
    checkKernelGradient(sn, penalty, () => undefined, 3e-3);
    x.dispose();
  });

  it('gradient penalty through a Conv2D discriminator in training gives finite gradients to every kernel', () => {
    const d = tfl.sequential({
      layers: [
        new SpectralNormalization({
          layer: tfl.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
          inputShape: [4, 4, 1],
        }),
        tfl.layers.flatten(),
        new SpectralNormalization({ layer: tfl.layers.dense({ units: 1 }) }),
      ],
    });
    const x = tf.randomNormal([2, 4, 4, 1], 0, 1, 'float32', 43);
    const { value, grads } = tf.variableGrads(() => {
      const g = tf.grad((xx: tf.Tensor) => tf.sum(d.apply(xx, { training: true }) as tf.Tensor))(x);
      return tf.sum(tf.square(g));
    });
    const kernels = d.weights.filter((w) => w.originalName.endsWith('/kernel'));
    assert.equal(kernels.length, 2);
    for (const k of kernels) {
      const g = grads[k.name];
      assert.ok(g !== undefined, `gradient for ${k.name}`);
      const values = g.dataSync();
      assert.ok(values.every(Number.isFinite) && values.some((a) => a !== 0), `${k.name}: finite, non-zero`);
    }
    tf.dispose([x, value, ...Object.values(grads)]);
    d.dispose();
  });

  it('trains with optimizer.minimize and LayersModel.fit without leaking tensors; u is never trained', async () => {
    const model = tfl.sequential({
      layers: [
        new SpectralNormalization({ layer: tfl.layers.dense({ units: 8, activation: 'relu' }), inputShape: [3], seed: 1 }),
        new SpectralNormalization({ layer: tfl.layers.dense({ units: 1 }), seed: 2 }),
      ],
    });
    assert.equal(model.trainableWeights.length, 4);
    assert.equal(model.nonTrainableWeights.length, 2);
    const x = tf.randomNormal([16, 3], 0, 1, 'float32', 5);
    const y = tf.randomNormal([16, 1], 0, 1, 'float32', 6);
    const optimizer = tf.train.adam(0.01);
    const loss = () => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;
    optimizer.minimize(loss); // creates Adam's slots
    const kernelBefore = Array.from(model.weights[0]!.read().dataSync());
    const uBefore = Array.from(model.nonTrainableWeights[0]!.read().dataSync());
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) optimizer.minimize(loss);
    assert.equal(tf.memory().numTensors, before, 'minimize leaks nothing');
    assert.notDeepEqual(Array.from(model.weights[0]!.read().dataSync()), kernelBefore);
    assert.notDeepEqual(Array.from(model.nonTrainableWeights[0]!.read().dataSync()), uBefore);
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
    const history = await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
    assert.ok(history.history['loss']!.every((l) => Number.isFinite(l as number)));
    const afterFit = tf.memory().numTensors;
    tf.dispose(model.predict(x) as tf.Tensor);
    const s = (model.layers[0] as SpectralNormalization).spectralNorm();
    s.dispose();
    assert.equal(tf.memory().numTensors, afterFit, 'predict and spectralNorm leak nothing');
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });

  it("takes over the wrapped layer's inputShape, so it can open a sequential model", () => {
    const model = tfl.sequential({ layers: [new SpectralNormalization({ layer: tfl.layers.dense({ units: 2, inputShape: [3] }) })] });
    assert.deepEqual(model.inputs[0]!.shape, [null, 3]);
    assert.deepEqual(model.outputs[0]!.shape, [null, 2]);
    model.dispose();
  });

  it('trainable = false freezes the wrapped layer', () => {
    const { sn } = makeLayer('Dense');
    sn.trainable = false;
    assert.equal(sn.trainableWeights.length, 0);
    assert.equal(sn.layer.trainable, false);
    assert.equal(sn.nonTrainableWeights.length, 3);
    sn.trainable = true;
    assert.equal(sn.trainableWeights.length, 2);
  });

  it('rejects bad arguments with a message naming the argument and the value', () => {
    const dense = () => tfl.layers.dense({ units: 2 });
    const cases: [() => unknown, RegExp][] = [
      [() => new SpectralNormalization({ layer: {} as tfl.layers.Layer }), /args\.layer must be a tfjs-layers Layer.*\[object Object\]/],
      [() => new SpectralNormalization({ layer: tfl.layers.batchNormalization({}) }), /args\.layer is a BatchNormalization .*only Dense, Conv2D, Conv2DTranspose/],
      [() => new SpectralNormalization({ layer: tfl.layers.conv1d({ filters: 2, kernelSize: 2 }) }), /args\.layer is a Conv1D/],
      [
        () => {
          const built = dense();
          tf.dispose(built.apply(tf.zeros([1, 2])) as tf.Tensor);
          return new SpectralNormalization({ layer: built });
        },
        /args\.layer '.*' is already built/,
      ],
      [() => new SpectralNormalization({ layer: dense(), powerIterations: 0 }), /args\.powerIterations must be an integer ≥ 1, but got 0/],
      [() => new SpectralNormalization({ layer: dense(), powerIterations: 1.5 }), /args\.powerIterations .* got 1\.5/],
      [() => new SpectralNormalization({ layer: dense(), epsilon: 0 }), /args\.epsilon must be a finite number > 0, but got 0/],
      [() => new SpectralNormalization({ layer: dense(), epsilon: Number.NaN }), /args\.epsilon .* got NaN/],
      [() => new SpectralNormalization({ layer: dense(), seed: Number.POSITIVE_INFINITY }), /args\.seed .* got Infinity/],
    ];
    for (const [make, message] of cases) assert.throws(make, message);
  });
});
