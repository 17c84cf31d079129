// Which generator the playground's explorer opens among picked files (examples/playground/src/generator_files.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findGenerator, type PickedFile } from '../../../examples/playground/src/generator_files.js';

/** A tfjs model.json naming its shards. */
function modelJson(shards: readonly string[]): string {
  return JSON.stringify({ modelTopology: { class_name: 'Model', config: {} }, weightsManifest: [{ paths: shards, weights: [] }] });
}

function file(path: string, content: string): PickedFile {
  return { file: new File([content], path.split('/').at(-1)!), path };
}

/** The files of a checkpoint folder of `gan-kit train`, with `networks` saved in it. */
function checkpoint(run: string, step: number, networks: readonly string[] = ['generator', 'discriminator']): PickedFile[] {
  const folder = `${run}/checkpoints/ckpt-${String(step).padStart(9, '0')}`;
  return [
    file(`${folder}/manifest.json`, JSON.stringify({ format: 'gan-kit-checkpoint', step })),
    file(`${folder}/trainer.json`, JSON.stringify({ step })),
    ...networks.flatMap((n) => [file(`${folder}/${n}/model.json`, modelJson(['group1-shard1of1.bin'])), file(`${folder}/${n}/group1-shard1of1.bin`, `${n}@${step}`)]),
  ];
}

const CONFIG = file('run/config.json', JSON.stringify({ format: 'gan-kit-run', version: 1, data: 'ring8', latentDim: 3 }));

test('a run folder: the generator of the newest checkpoint (not the older one, not the discriminator), its own shard, and config.json', async () => {
  const files = [CONFIG, ...checkpoint('run', 2), ...checkpoint('run', 10), ...checkpoint('run', 4), file('run/metrics.jsonl', '{}')];
  const found = await findGenerator(files);
  assert.equal(found.model.path, 'run/checkpoints/ckpt-000000010/generator/model.json');
  assert.equal(found.weights.length, 1);
  assert.equal(await found.weights[0]!.text(), 'generator@10');
  assert.equal(found.config?.data, 'ring8');
  assert.equal(found.config?.latentDim, 3);
});

test('a checkpoint with an EMA generator: the EMA generator, as trainer.sample draws from it', async () => {
  const found = await findGenerator(checkpoint('run', 4, ['generator', 'generator-ema', 'discriminator']));
  assert.equal(found.model.path, 'run/checkpoints/ckpt-000000004/generator-ema/model.json');
  assert.equal(await found.weights[0]!.text(), 'generator-ema@4');
});

test("loose files: the page's own download (generator.json + generator.weights.bin), or a single model.json", async () => {
  const downloaded = await findGenerator([file('generator.json', modelJson(['./generator.weights.bin'])), file('generator.weights.bin', 'w')]);
  assert.equal(downloaded.model.path, 'generator.json');
  assert.equal(await downloaded.weights[0]!.text(), 'w');
  assert.equal(downloaded.config, undefined);
  const single = await findGenerator([file('model.json', modelJson(['a.bin', 'b.bin'])), file('b.bin', 'B'), file('a.bin', 'A')]);
  assert.deepEqual(await Promise.all(single.weights.map((w) => w.text())), ['A', 'B']);
});

test('refusals say what to choose: no model, a missing shard, two unnamed models, two equal generators', async () => {
  await assert.rejects(findGenerator([CONFIG, file('notes.json', '{"a": 1}'), file('broken.json', '{')]), /No TensorFlow\.js model among the chosen files/);
  await assert.rejects(findGenerator([file('g/generator/model.json', modelJson(['group1-shard1of1.bin']))]), /needs the weight file group1-shard1of1\.bin, which is not among the chosen files/);
  await assert.rejects(findGenerator([file('a.json', modelJson([])), file('b.json', modelJson([]))]), /Several models and none named as a generator: a\.json, b\.json/);
  await assert.rejects(
    findGenerator([file('x/generator/model.json', modelJson([])), file('y/generator/model.json', modelJson([]))]),
    /Several generators fit equally well: x\/generator\/model\.json, y\/generator\/model\.json/,
  );
});
