// One training step's gradients through every ProGAN / StyleGAN2 layer and every augmentation, on the cpu and wasm
// backends: every trainable weight gets a finite, non-zero gradient, the two backends agree, and the second-order
// gradients the lazy regularizers need (R1 through D, path length through G's synthesis network) match central
// differences.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { installTrainingKernels } from '../../src/backends/install_training_kernels.js';
import { ProGAN, growProGAN } from '../../src/architectures/progan.js';
import { StyleGAN2, type StyleGAN2Options } from '../../src/architectures/stylegan2.js';
import { adaAugment } from '../../src/augment/ada_augment.js';
import { diffAugment } from '../../src/augment/diff_augment.js';
import type { Augmentation } from '../../src/augment/augmentation.js';
import { enableSecondOrderGradients } from '../../src/gradients/enable_second_order_gradients.js';
import { SeededRandom } from '../../src/utils/random.js';
import { assertDerivativesAgree, compareVariableGradients } from '../gradients/finite_differences.js';

const BACKENDS = ['cpu', 'wasm'] as const;

async function useBackend(name: (typeof BACKENDS)[number]): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
  if (name === 'wasm') installTrainingKernels('wasm');   // conv2d's filter gradient, which stock wasm lacks
}

interface Pair {
  readonly name: string;
  readonly build: () => { generator: tfl.LayersModel; discriminator: tfl.LayersModel; latentDim: number; resolution: number; dispose(): void };
}

const STYLE: StyleGAN2Options = { resolution: 8, channels: 2, latentDim: 4, mappingLayers: 2, channelBase: 32, channelMax: 4, seed: 5 };

const PAIRS: readonly Pair[] = [
  {
    name: 'ProGAN 8×8 fading in',
    build: () => {
      const first = new ProGAN({ resolution: 4, channels: 2, latentDim: 4, channelBase: 16, channelMax: 4, seed: 2 });
      const gan = growProGAN(first);
      gan.alpha = 0.5;
      first.generator.dispose();
      first.discriminator.dispose();
      return { ...pick(gan), resolution: 8 };
    },
  },
  { name: 'StyleGAN2 skip G, resnet D', build: () => ({ ...pick(new StyleGAN2(STYLE)), resolution: 8 }) },
  { name: 'StyleGAN2 resnet G, skip D', build: () => ({ ...pick(new StyleGAN2({ ...STYLE, generatorArchitecture: 'resnet', discriminatorArchitecture: 'skip' })), resolution: 8 }) },
];

function pick(gan: { generator: tfl.LayersModel; discriminator: tfl.LayersModel; latentDim: number }) {
  return {
    generator: gan.generator, discriminator: gan.discriminator, latentDim: gan.latentDim,
    dispose: () => { gan.generator.dispose(); gan.discriminator.dispose(); },
  };
}

/** The non-saturating losses' gradients of one step, by weight name, with the images augmented (or not). */
function stepGradients(pair: Pair, augment: Augmentation | undefined): Map<string, number[]> {
  const gan = pair.build();
  const data = new SeededRandom(3);
  const real = data.normalTensor([4, gan.resolution, gan.resolution, 2]) as tf.Tensor4D;
  const z = data.normalTensor([4, gan.latentDim]);
  const seen = (x: tf.Tensor4D, seed: number) => (augment === undefined ? x : augment.apply(x, { p: 0.8, random: new SeededRandom(seed) }));
  const out = new Map<string, number[]>();
  tf.tidy(() => {
    const dLoss = () => {
      const fake = gan.generator.apply(z, { training: true }) as tf.Tensor4D;
      const realLogits = gan.discriminator.apply(seen(real, 1), { training: true }) as tf.Tensor;
      const fakeLogits = gan.discriminator.apply(seen(fake, 2), { training: true }) as tf.Tensor;
      return tf.add(tf.mean(tf.softplus(tf.neg(realLogits))), tf.mean(tf.softplus(fakeLogits))) as tf.Scalar;
    };
    const gLoss = () => tf.mean(tf.softplus(tf.neg(gan.discriminator.apply(seen(gan.generator.apply(z, { training: true }) as tf.Tensor4D, 3), { training: true }) as tf.Tensor))) as tf.Scalar;
    for (const [prefix, model, loss] of [['D', gan.discriminator, dLoss], ['G', gan.generator, gLoss]] as const) {
      const { grads } = tf.variableGrads(loss, model.trainableWeights.map((w) => w.read() as tf.Variable));
      // Every trainable weight takes part: a missing gradient means an op's gradient is missing or cut.
      for (const w of model.trainableWeights) {
        const grad = grads[(w.read() as tf.Variable).name];
        assert.ok(grad !== undefined, `${pair.name}: ${prefix} weight ${w.originalName} gets a gradient on ${tf.getBackend()}`);
        out.set(`${prefix} ${w.originalName}`, Array.from(grad.dataSync()));
      }
    }
  });
  tf.dispose([real, z]);
  gan.dispose();
  return out;
}

function assertAgree(cpu: Map<string, number[]>, wasm: Map<string, number[]>, label: string): void {
  assert.deepEqual([...wasm.keys()].sort(), [...cpu.keys()].sort(), `${label}: the same weights`);
  for (const [name, expected] of cpu) {
    const actual = wasm.get(name)!;
    const scale = Math.max(...expected.map(Math.abs));
    assert.ok(expected.every(Number.isFinite) && actual.every(Number.isFinite), `${label}: ${name} finite`);
    assert.ok(scale > 0, `${label}: ${name} has a non-zero gradient`);
    const error = Math.max(...actual.map((v, i) => Math.abs(v - expected[i]!)));
    assert.ok(error <= 1e-3 * scale + 1e-6, `${label}: ${name} wasm vs cpu differ by ${error} (scale ${scale})`);
  }
}

describe('ProGAN and StyleGAN2 training steps on cpu and wasm', () => {
  // Each augmentation once (its gradient does not depend on the network behind it), each network once without.
  const CASES: readonly [Pair, Augmentation | undefined][] = [
    [PAIRS[0]!, undefined], [PAIRS[0]!, diffAugment()], [PAIRS[1]!, undefined], [PAIRS[1]!, adaAugment()], [PAIRS[2]!, undefined],
  ];
  for (const [pair, augment] of CASES) {
    const label = `${pair.name}${augment === undefined ? '' : ` with ${augment.name}`}`;
    it(`${label}: every weight gets a finite gradient, the same on both backends`, async () => {
      const results: Map<string, number[]>[] = [];
      for (const backend of BACKENDS) {
        await useBackend(backend);
        const before = tf.memory().numTensors;
        results.push(stepGradients(pair, augment));
        assert.equal(tf.memory().numTensors, before, `${label}: no tensors leak on ${backend}`);
      }
      assertAgree(results[0]!, results[1]!, label);
    });
  }
});

describe('second-order gradients (lazy R1 through D, path length through G) on cpu and wasm', () => {
  /** R1 = ‖∇ₓ D(x)‖² summed over a batch of 2, as a function of D's weights. */
  function r1(discriminator: tfl.LayersModel, x: tf.Tensor): tf.Scalar {
    const gradient = tf.grad((input: tf.Tensor) => tf.sum(discriminator.apply(input, { training: true }) as tf.Tensor))(x);
    return tf.sum(tf.square(gradient));
  }

  /** The path-length term ‖∇_ws Σ y ⊙ synthesis(ws)‖² of StyleGAN2, as a function of the synthesis weights. */
  function pathLength(synthesis: tfl.LayersModel, ws: tf.Tensor, y: tf.Tensor): tf.Scalar {
    const gradient = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(synthesis.apply(input, { training: true }) as tf.Tensor, y)))(ws);
    return tf.sum(tf.square(gradient));
  }

  for (const backend of BACKENDS) {
    it(`match central differences on ${backend}`, async () => {
      await useBackend(backend);
      enableSecondOrderGradients();
      const data = new SeededRandom(8);
      const progan = growProGAN(new ProGAN({ resolution: 4, channels: 1, latentDim: 3, channelBase: 8, channelMax: 2, seed: 4 }));
      progan.alpha = 0.5;
      const style = new StyleGAN2({ ...STYLE, channels: 1, channelMax: 2 });
      style.synthesis.layers.forEach((l) => {
        if (l.getClassName() === 'NoiseInjection') (l as unknown as { noise: string }).noise = 'const';
      });
      const x = data.normalTensor([2, 8, 8, 1]);
      const ws = data.normalTensor([2, style.numWs, 4]);
      const y = data.normalTensor([2, 8, 8, 1]);
      const pick = (model: tfl.LayersModel, names: string[]) => model.trainableWeights.filter((w) => names.some((n) => w.originalName.startsWith(n))).map((w) => w.read() as tf.Variable);
      const cases = [
        { label: 'R1 through the ProGAN D', f: () => r1(progan.discriminator, x), variables: pick(progan.discriminator, ['d_fromrgb_8x8/kernel', 'd_8x8_conv1/kernel', 'd_4x4_dense/kernel']) },
        { label: 'R1 through the StyleGAN2 D', f: () => r1(style.discriminator, x), variables: pick(style.discriminator, ['d_8x8_conv0/kernel', 'd_8x8_skip/kernel', 'd_out/kernel']) },
        { label: 'path length through the StyleGAN2 synthesis', f: () => pathLength(style.synthesis, ws, y), variables: pick(style.synthesis, ['synthesis_8x8_0_conv/kernel', 'synthesis_8x8_1_conv/affine_kernel', 'synthesis_8x8_torgb/kernel', 'synthesis_4x4_1_noise/strength']) },
      ];
      for (const { label, f, variables } of cases) {
        assert.ok(variables.length >= 3, `${label}: variables found`);
        const comparison = compareVariableGradients(f, variables, 2e-3, { perVariable: 2 });
        assert.ok(comparison.kinks <= 2, `${label}: ${comparison.kinks} probes straddle a kink`);
        assertDerivativesAgree(comparison, `${label} on ${backend}`, { relTol: 3e-2, absTol: 1e-4 });
      }
      tf.dispose([x, ws, y]);
      [progan.generator, progan.discriminator, style.generator, style.discriminator].forEach((m) => m.dispose());
    });
  }
});
