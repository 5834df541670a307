export * from './names';
export { loadActModel } from './model';
export { ActWeightsFile, ACT_WEIGHTS_FORMAT, HEADS } from './weights';
export { trainActWeights, DEFAULT_TRAINING, type TrainingCall, type TrainingOptions } from './train';
export * from './corpus';
export { dialogueOf } from './dialogue';
export { WordClustersFile, WORD_CLUSTERS_FORMAT, wordHash } from './word-clusters';
