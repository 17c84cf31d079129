import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * Copies the weights of every layer of `source` into the layer of the same name in `target`, for the layers whose
 * weights have the same shapes in both (the layers the two networks share), and returns the names of the layers
 * copied. Layers of `target` with no namesake in `source`, or without weights, keep their values.
 *
 * This is how progressive growing carries the trained layers into the next, larger network (see
 * {@link growProGAN}); it also grows a {@link GeneratorEma}'s model alongside the generator.
 *
 * @throws Error naming the layer when a namesake has weights of other shapes (the networks are not two stages of
 *   one architecture); nothing is copied then.
 */
export function copySharedWeights(source: tfl.LayersModel, target: tfl.LayersModel): string[] {
  const pairs: [tfl.layers.Layer, tfl.layers.Layer][] = [];
  for (const layer of target.layers) {
    if (layer.weights.length === 0) continue;
    const namesake = source.layers.find((l) => l.name === layer.name);
    if (namesake === undefined) continue;
    const shapes = (l: tfl.layers.Layer) => JSON.stringify(l.weights.map((w) => w.shape));
    if (shapes(namesake) !== shapes(layer)) {
      throw new Error(
        `copySharedWeights: layer '${layer.name}' has weights ${shapes(namesake)} in the source but ${shapes(layer)} in the target; ` +
          'copy between two stages of the same architecture (same channel and latent settings).',
      );
    }
    pairs.push([namesake, layer]);
  }
  for (const [from, to] of pairs) to.setWeights(from.getWeights());
  return pairs.map(([, to]) => to.name);
}
