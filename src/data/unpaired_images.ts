import { loadImageDataset, type LoadImageDatasetOptions, type PathImageDataset } from './image_dataset_path.js';

/** Where the two domains of an unpaired data set are: any path {@link loadImageDataset} reads (a folder of images, IDX, CIFAR-10). */
export interface UnpairedImageSources {
  /** Domain A, e.g. a folder of horse photos. */
  readonly a: string;
  /** Domain B, e.g. a folder of zebra photos. */
  readonly b: string;
}

/** The two domains of an unpaired data set, each as {@link loadImageDataset} returns it; the caller disposes the tensors. */
export interface UnpairedImageDataset {
  /** Domain A's images `[nA, height, width, channels]` in [−1, 1], with the files read. */
  readonly a: PathImageDataset;
  /** Domain B's images `[nB, height, width, channels]` in [−1, 1], with the files read. */
  readonly b: PathImageDataset;
}

/**
 * Loads the two domains of an unpaired image-to-image data set (CycleGAN's horse2zebra layout: `trainA/`, `trainB/`),
 * each with {@link loadImageDataset} and the same options, so that both come out at one size. The domains need not
 * have the same number of images, and no image of A corresponds to one of B. Node only.
 *
 * @param sources - the paths of domain A and domain B.
 * @param options - as for {@link loadImageDataset}: `height`, `width` and `channels` (required for folders of
 *   images), `fit`, and `count` (at most this many images from each domain).
 * @throws the loader's error, prefixed with the domain and its path, when either domain cannot be read.
 * @example
 * ```ts
 * const { a, b } = await loadUnpairedImages({ a: 'horse2zebra/trainA', b: 'horse2zebra/trainB' }, { height: 128, width: 128, channels: 3 });
 * ```
 */
export async function loadUnpairedImages(sources: UnpairedImageSources, options: LoadImageDatasetOptions): Promise<UnpairedImageDataset> {
  if (typeof sources !== 'object' || sources === null || typeof sources.a !== 'string' || typeof sources.b !== 'string') {
    throw new Error(`loadUnpairedImages: sources must be { a: path, b: path }, two strings, but got ${JSON.stringify(sources) ?? String(sources)}.`);
  }
  const load = async (domain: 'A' | 'B', path: string): Promise<PathImageDataset> => {
    try {
      return await loadImageDataset(path, options);
    } catch (error) {
      throw new Error(`loadUnpairedImages: domain ${domain} ("${path}"): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  };
  const a = await load('A', sources.a);
  try {
    return { a, b: await load('B', sources.b) };
  } catch (error) {
    a.images.dispose();
    a.labels?.dispose();
    throw error;
  }
}
