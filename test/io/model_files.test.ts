import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, rm, stat, symlink, truncate, writeFile, copyFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { SpectralNormalization } from '../../src/layers/spectral_normalization.js';
import { fileLoadHandler, loadModel, saveModel, WEIGHT_SHARD_BYTES } from '../../src/io/model_files.js';
import { useCpu } from '../helpers/backend.js';

let root = '';
before(async () => {
  await useCpu();
  root = await mkdtemp(join(tmpdir(), 'gan-kit-model-files-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

let folders = 0;
const folder = () => join(root, `m${folders++}`);

/** Dense + BatchNorm + spectral-normalized dense, with non-trivial moving statistics and power-iteration vector. */
function customModel(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [3], units: 4, activation: 'relu', kernelInitializer: tfl.initializers.randomNormal({ seed: 1 }) }),
      tfl.layers.batchNormalization(),
      new SpectralNormalization({ layer: tfl.layers.dense({ units: 2, kernelInitializer: tfl.initializers.randomNormal({ seed: 2 }) }), seed: 3 }),
    ],
  });
  tf.tidy(() => { model.apply(tf.randomNormal([8, 3], 0, 1, 'float32', 4), { training: true }); });
  model.setWeights(model.getWeights().map((w, i) => tf.tidy(() => tf.add(w, tf.randomUniform(w.shape, -1, 1, 'float32', 10 + i)))));
  return model;
}

function weightValues(model: tfl.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

async function modelJson(dir: string): Promise<Record<string, any>> {
  return JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as Record<string, any>;
}

test('save → load round-trips a model with BatchNorm and a custom layer, bitwise, in the standard layout', async () => {
  const model = customModel();
  const dir = folder();
  const result = await saveModel(model, dir);
  assert.equal(result.modelArtifactsInfo.modelTopologyType, 'JSON');
  assert.deepEqual((await readdir(dir)).sort(), ['group1-shard1of1.bin', 'model.json']);
  const json = await modelJson(dir);
  assert.equal(json['format'], 'layers-model');
  assert.equal(json['modelTopology'].class_name, 'Sequential');
  assert.deepEqual(json['weightsManifest'][0].paths, ['group1-shard1of1.bin']);
  const names = (json['weightsManifest'][0].weights as { name: string }[]).map((w) => w.name);
  assert.ok(names.some((n) => n.endsWith('moving_mean')) && names.some((n) => n.endsWith('sn_u')), names.join(', '));
  const bytes = model.getWeights().reduce((s, w) => s + w.size * 4, 0);
  assert.equal((await stat(join(dir, 'group1-shard1of1.bin'))).size, bytes);

  const loaded = await loadModel(join(dir, 'model.json'));
  assert.equal(loaded.layers[2]!.getClassName(), 'SpectralNormalization');
  assert.deepEqual(weightValues(loaded), weightValues(model));
  const x = tf.randomNormal([5, 3], 0, 1, 'float32', 9);
  const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
  assert.deepEqual(a.dataSync(), b.dataSync());
  tf.dispose([x, a, b]);
  const viaFolder = await loadModel(dir);
  assert.deepEqual(weightValues(viaFolder), weightValues(model));
  for (const m of [model, loaded, viaFolder]) m.dispose();
});

test('weights over 4 MiB are split into 4 MiB shards named like tfjs, and a re-save removes stale shards', async () => {
  const big = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [1100], units: 1000 })] });
  const dir = folder();
  await saveModel(big, dir);
  assert.deepEqual((await readdir(dir)).sort(), ['group1-shard1of2.bin', 'group1-shard2of2.bin', 'model.json']);
  assert.equal((await stat(join(dir, 'group1-shard1of2.bin'))).size, WEIGHT_SHARD_BYTES);
  assert.equal((await stat(join(dir, 'group1-shard2of2.bin'))).size, (1100 * 1000 + 1000) * 4 - WEIGHT_SHARD_BYTES);
  const loaded = await loadModel(dir);
  assert.deepEqual(loaded.getWeights()[0]!.dataSync(), big.getWeights()[0]!.dataSync());
  const small = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 1 })] });
  await saveModel(small, dir);
  assert.deepEqual((await readdir(dir)).sort(), ['group1-shard1of1.bin', 'model.json'], 'stale shards or temporary files left behind');
  for (const m of [big, loaded, small]) m.dispose();
});

test('the files load with tf.loadLayersModel over HTTP, the browser code path', async () => {
  const model = customModel();
  const dir = folder();
  await saveModel(model, dir);
  const server: Server = createServer((request, response) => {
    readFile(join(dir, (request.url ?? '/').slice(1))).then(
      (body) => response.end(body),
      () => { response.statusCode = 404; response.end(); },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const loaded = await tfl.loadLayersModel(`http://127.0.0.1:${port}/model.json`);
    assert.deepEqual(weightValues(loaded), weightValues(model));
    loaded.dispose();
  } finally {
    server.close();
  }
  model.dispose();
});

/** Saves a small model and returns its folder, for corruption tests. */
async function savedSmall(): Promise<string> {
  const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 3, activation: 'relu' }), tfl.layers.dense({ units: 1 })] });
  const dir = folder();
  await saveModel(model, dir);
  model.dispose();
  return dir;
}

async function editJson(dir: string, edit: (json: Record<string, any>) => void): Promise<void> {
  const json = await modelJson(dir);
  edit(json);
  await writeFile(join(dir, 'model.json'), JSON.stringify(json));
}

test('corrupted files are rejected with an error naming the file and the problem, before any allocation', async () => {
  const start = tf.memory().numTensors;
  const truncated = await savedSmall();
  const shard = join(truncated, 'group1-shard1of1.bin');
  await truncate(shard, (await stat(shard)).size - 4);
  await assert.rejects(loadModel(truncated), /declares 52 bytes of weights for the shards group1-shard1of1\.bin, but they hold 48 bytes/);

  const extended = await savedSmall();
  await writeFile(join(extended, 'group1-shard1of1.bin'), new Uint8Array(60));
  await assert.rejects(loadModel(extended), /declares 52 bytes .* hold 60 bytes/);

  const huge = await savedSmall();
  await editJson(huge, (j) => { j['weightsManifest'][0].weights[0].shape = [2 ** 20, 2 ** 18]; });
  await assert.rejects(loadModel(huge), /shape \[1048576, 262144\], more than the limit of 1073741824 bytes/);
  await assert.rejects(loadModel(huge, { maxWeightBytes: 2 ** 41 }), /declares 1099511627804 bytes .* hold 52 bytes/);

  for (const shape of [[-1, 3], [2.5, 3], ['2', 3], null, Array(17).fill(1)]) {
    const bad = await savedSmall();
    await editJson(bad, (j) => { j['weightsManifest'][0].weights[0].shape = shape; });
    await assert.rejects(loadModel(bad), /gives weight 'dense_Dense\d+\/kernel' the shape .*a list of at most 16 non-negative integers/, JSON.stringify(shape));
  }
  for (const dtype of ['string', 'float64', 'complex64', undefined]) {
    const bad = await savedSmall();
    await editJson(bad, (j) => { j['weightsManifest'][0].weights[0].dtype = dtype; });
    await assert.rejects(loadModel(bad), /the dtype .*supported: float32, int32, bool/, String(dtype));
  }
  const duplicate = await savedSmall();
  await editJson(duplicate, (j) => { j['weightsManifest'][0].weights[1].name = j['weightsManifest'][0].weights[0].name; });
  await assert.rejects(loadModel(duplicate), /lists the weight 'dense_Dense\d+\/kernel' twice/);

  const outsider = join(root, 'secret.bin');
  await writeFile(outsider, new Uint8Array(52));
  for (const path of ['../secret.bin', outsider, 'sub/../../secret.bin', '..', '', 'a\\..\\..\\secret.bin', 'x\0y']) {
    const bad = await savedSmall();
    await editJson(bad, (j) => { j['weightsManifest'][0].paths = [path]; });
    await assert.rejects(loadModel(bad), /weight file .*(relative paths inside|outside) the model's folder/, JSON.stringify(path));
  }
  const linked = await savedSmall();
  await rm(join(linked, 'group1-shard1of1.bin'));
  await symlink(outsider, join(linked, 'group1-shard1of1.bin'));
  await assert.rejects(loadModel(linked), /is a link to a file outside the model's folder/);

  const missing = await savedSmall();
  await rm(join(missing, 'group1-shard1of1.bin'));
  await assert.rejects(loadModel(missing), /group1-shard1of1\.bin" cannot be read \(ENOENT/);

  const malformed = await savedSmall();
  const text = await readFile(join(malformed, 'model.json'), 'utf8');
  await writeFile(join(malformed, 'model.json'), text.slice(0, text.length / 2));
  await assert.rejects(loadModel(malformed), /model\.json" is not valid JSON/);
  await writeFile(join(malformed, 'model.json'), '[1, 2]');
  await assert.rejects(loadModel(malformed), /does not hold a JSON object/);
  await writeFile(join(malformed, 'model.json'), '{"weightsManifest": []}');
  await assert.rejects(loadModel(malformed), /has no modelTopology object/);
  await writeFile(join(malformed, 'model.json'), `{"modelTopology": {"config": ${'['.repeat(5000)}${']'.repeat(5000)}}, "weightsManifest": []}`);
  await assert.rejects(loadModel(malformed), /nests deeper than 256 levels/);
  await writeFile(join(malformed, 'model.json'), '{"format": "graph-model", "modelTopology": {}, "weightsManifest": []}');
  await assert.rejects(loadModel(malformed), /has format "graph-model"; only TensorFlow.js Layers models/);
  await assert.rejects(loadModel(malformed, { maxModelJsonBytes: 10 }), /is \d+ bytes, more than the limit of 10/);

  assert.equal(tf.memory().numTensors, start, 'a rejected load leaked tensors');
});

test('a manifest naming one shard many times, or too many shards, is refused at once with a short message', async () => {
  for (const [times, expected] of [
    [5_000, /names the weight file "group1-shard1of1\.bin" twice; every shard is listed once/],
    [100_000, /names 100000 weight files, more than the limit of 10000/],
  ] as const) {
    const repeated = await savedSmall();
    await editJson(repeated, (j) => { j['weightsManifest'][0].paths = Array.from({ length: times }, () => 'group1-shard1of1.bin'); });
    const error = await loadModel(repeated).then(() => undefined, (e: Error) => e);
    assert.match(String(error?.message), expected);
    assert.ok(error!.message.length < 400, `a ${error!.message.length}-character message`);
  }
  const many = await savedSmall();
  await editJson(many, (j) => { j['weightsManifest'][0].paths = Array.from({ length: 10_001 }, (_, i) => `shard${i}.bin`); });
  await assert.rejects(loadModel(many), /names 10001 weight files, more than the limit of 10000/);
  const split = await savedSmall();
  await editJson(split, (j) => { j['weightsManifest'][0].paths = ['group1-shard1of1.bin', 'extra-1.bin', 'extra-2.bin', 'extra-3.bin', 'extra-4.bin']; });
  for (let i = 1; i <= 4; i++) await writeFile(join(split, `extra-${i}.bin`), new Uint8Array(4));
  await assert.rejects(loadModel(split), /for the shards group1-shard1of1\.bin, extra-1\.bin, extra-2\.bin and 2 more, but they hold \d+ bytes/);
});

test('no code or prototype is reached through class names: unknown classes, __proto__ and inherited names are refused', async () => {
  const cases: [string, (j: Record<string, any>) => void, RegExp][] = [
    ['unknown layer class', (j) => { j['modelTopology'].config.layers[0].class_name = 'EvilLayer'; }, /names the class "EvilLayer" at modelTopology\.config\.layers\[0\]\.class_name, which is not registered/],
    ['__proto__ as a class', (j) => { j['modelTopology'].config.layers[0].class_name = '__proto__'; }, /holds the string '__proto__'|names the class "__proto__"/],
    ['constructor as a class', (j) => { j['modelTopology'].config.layers[1].class_name = 'constructor'; }, /names the class "constructor"/],
    ['toString as an activation', (j) => { j['modelTopology'].config.layers[0].config.activation = 'toString'; }, /holds the string 'toString' at modelTopology\.config\.layers\[0\]\.config\.activation/],
    ['hasOwnProperty as an initializer', (j) => { j['modelTopology'].config.layers[0].config.kernel_initializer.class_name = 'hasOwnProperty'; }, /names the class "hasOwnProperty"/],
    ['non-string class name', (j) => { j['modelTopology'].class_name = { evil: 1 }; }, /names the class \{"evil":1\}/],
  ];
  for (const [what, edit, expected] of cases) {
    const dir = await savedSmall();
    await editJson(dir, edit);
    await assert.rejects(loadModel(dir), expected, what);
  }
  const proto = await savedSmall();
  const text = await readFile(join(proto, 'model.json'), 'utf8');
  await writeFile(join(proto, 'model.json'), text.replace('"config":{"name"', '"config":{"__proto__":{"className":"Dense"},"name"'));
  await assert.rejects(loadModel(proto), /holds the key '__proto__' at modelTopology\.config/);
  assert.equal(({} as Record<string, unknown>)['className'], undefined, 'Object.prototype was polluted');
});

test('a FIFO or a folder in place of a file is refused instead of blocking', async () => {
  const dir = await savedSmall();
  await rm(join(dir, 'group1-shard1of1.bin'));
  execFileSync('mkfifo', [join(dir, 'group1-shard1of1.bin')]);
  await assert.rejects(loadModel(dir), /group1-shard1of1\.bin" is not a regular file/);
  const fifoJson = folder();
  await mkdir(fifoJson);
  execFileSync('mkfifo', [join(fifoJson, 'model.json')]);
  await assert.rejects(loadModel(join(fifoJson, 'model.json')), /model\.json" is not a regular file/);
  await assert.rejects(loadModel(join(root, 'nowhere', 'model.json')), /cannot be read \(ENOENT/);
});

test('fileLoadHandler and a model saved by saveModel also load through tf.loadLayersModel; bad arguments are named', async () => {
  const dir = await savedSmall();
  const copy = folder();
  await mkdir(copy);
  for (const name of await readdir(dir)) await copyFile(join(dir, name), join(copy, name));
  const loaded = await tfl.loadLayersModel(fileLoadHandler(join(copy, 'model.json')));
  assert.equal(loaded.layers.length, 2);
  loaded.dispose();
  assert.throws(() => fileLoadHandler(''), /fileLoadHandler: path must be a non-empty path/);
  await assert.rejects(saveModel({} as tfl.LayersModel, copy), /saveModel: model must be a tf.LayersModel/);
});
