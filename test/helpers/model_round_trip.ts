import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Saves a model to memory (topology JSON + weights) and loads it back as a new model; the caller disposes both. */
export async function roundTrip(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  // Through JSON text, as a file on disk would carry the topology.
  const topology = JSON.parse(JSON.stringify(artifacts!.modelTopology)) as object;
  return tfl.loadLayersModel(tf.io.fromMemory({ ...artifacts!, modelTopology: topology }));
}

/** Asserts equal outputs of two models on the same inputs, in inference and in training mode, element by element. */
export function outputsOf(model: tfl.LayersModel, inputs: tf.Tensor | tf.Tensor[], training: boolean): number[][] {
  return tf.tidy(() => {
    const out = model.apply(inputs, { training }) as tf.Tensor | tf.Tensor[];
    return (Array.isArray(out) ? out : [out]).map((t) => Array.from(t.dataSync()));
  });
}
