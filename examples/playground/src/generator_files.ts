// Finds a generator among files a person picked or dropped: a whole run folder of `gan-kit train` (the newest
// checkpoint's generator, and the run's config.json), one checkpoint, or just a model.json with its weight shards
// (including the generator.json + generator.weights.bin pair the page's own download writes).

/** A picked file with its path inside what was picked (`run/checkpoints/ckpt-000002000/generator/model.json`), or its name. */
export interface PickedFile {
  readonly file: File;
  readonly path: string;
}

/** The part of a run's config.json the explorer reads. */
export interface RunConfig {
  readonly data?: string;
  readonly model?: string;
  readonly loss?: string;
  readonly latentDim?: number;
  readonly steps?: number;
  readonly conditioning?: { readonly classes?: number };
}

/** What {@link findGenerator} chose. */
export interface GeneratorFiles {
  /** The model's JSON file (tfjs Layers format). */
  readonly model: PickedFile;
  /** Its weight files, in the order its manifest names them. */
  readonly weights: readonly File[];
  /** The run's config.json, when it was among the files. */
  readonly config: RunConfig | undefined;
}

interface ModelJson {
  readonly modelTopology: unknown;
  readonly weightsManifest: ReadonlyArray<{ readonly paths: readonly string[] }>;
}

function isModelJson(value: unknown): value is ModelJson {
  const v = value as Partial<ModelJson> | null;
  return typeof v === 'object' && v !== null && typeof v.modelTopology === 'object' && Array.isArray(v.weightsManifest);
}

function isRunConfig(value: unknown): value is RunConfig {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === 'gan-kit-run';
}

const segments = (path: string) => path.split('/');
const basename = (path: string) => segments(path).at(-1) ?? path;
const dirname = (path: string) => segments(path).slice(0, -1).join('/');

/** The checkpoint step in a path (`…/ckpt-000002000/…`), or −1. */
function checkpointStep(path: string): number {
  const match = /(?:^|\/)ckpt-(\d+)(?:\/|$)/.exec(path);
  return match === null ? -1 : Number(match[1]);
}

/** How much `path` looks like a generator's: 2 for an EMA generator, 1 for a generator, 0 otherwise. */
function generatorRank(path: string): number {
  const parts = segments(path).map((s) => s.toLowerCase());
  if (parts.some((s) => s.includes('discriminator'))) return 0;
  if (parts.some((s) => s === 'generator-ema')) return 2;
  return parts.some((s) => s.includes('generator')) ? 1 : 0;
}

/**
 * Chooses the generator among `files`: of the tfjs model JSON files, those whose path says generator (in the newest
 * checkpoint, the EMA generator before the plain one), or the only model when there is just one; then the weight
 * shards its manifest names, from its own folder. Throws, saying what to pick, when none or several fit or a shard
 * is missing.
 */
export async function findGenerator(files: readonly PickedFile[]): Promise<GeneratorFiles> {
  const models: { picked: PickedFile; json: ModelJson }[] = [];
  let config: RunConfig | undefined;
  for (const picked of files) {
    if (!picked.path.toLowerCase().endsWith('.json')) continue;
    let json: unknown;
    try {
      json = JSON.parse(await picked.file.text());
    } catch {
      continue;
    }
    if (isModelJson(json)) models.push({ picked, json });
    else if (isRunConfig(json) && (config === undefined || segments(picked.path).length < 3)) config = json;
  }
  if (models.length === 0) {
    throw new Error('No TensorFlow.js model among the chosen files: choose a run folder of `gan-kit train`, or a generator\'s model.json with its .bin files.');
  }
  const generators = models.filter((m) => generatorRank(m.picked.path) > 0);
  const candidates = generators.length > 0 ? generators : models;
  if (generators.length === 0 && models.length > 1) {
    throw new Error(`Several models and none named as a generator: ${models.map((m) => m.picked.path).join(', ')}. Choose the generator's model.json and its .bin files.`);
  }
  const newest = Math.max(...candidates.map((m) => checkpointStep(m.picked.path)));
  const inNewest = candidates.filter((m) => checkpointStep(m.picked.path) === newest);
  const best = Math.max(...inNewest.map((m) => generatorRank(m.picked.path)));
  const chosen = inNewest.filter((m) => generatorRank(m.picked.path) === best);
  if (chosen.length > 1) {
    throw new Error(`Several generators fit equally well: ${chosen.map((m) => m.picked.path).join(', ')}. Choose one generator's model.json and its .bin files.`);
  }
  const { picked, json } = chosen[0]!;
  const folder = dirname(picked.path);
  const weights = json.weightsManifest.flatMap((group) => group.paths).map((shard) => {
    const name = basename(shard);
    const found = files.find((f) => basename(f.path) === name && dirname(f.path) === folder) ?? files.find((f) => basename(f.path) === name);
    if (found === undefined) throw new Error(`${picked.path} needs the weight file ${name}, which is not among the chosen files: choose it too, or the whole run folder.`);
    return found.file;
  });
  return { model: picked, weights, config };
}

/** The files of a file input, with their paths inside a picked folder (`webkitdirectory`) when there is one. */
export function filesOfInput(list: FileList): PickedFile[] {
  return Array.from(list, (file) => ({ file, path: file.webkitRelativePath !== '' ? file.webkitRelativePath : file.name }));
}

/** The files of a drop, walking dropped folders. */
export async function filesOfDrop(transfer: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(transfer.items, (item) => item.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return Array.from(transfer.files, (file) => ({ file, path: file.name }));
  const out: PickedFile[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      out.push({ file, path });
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, path);
    }
  };
  for (const entry of entries) await walk(entry, '');
  return out;
}
