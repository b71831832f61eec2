// The registry of every node type. Adding a node type = adding its file and one line here.
import type { NodeDef } from './api';
import activation from './activation';
import add from './add';
import attentionHead from './attention-head';
import beamDecoder from './beam-decoder';
import bce from './bce';
import concat from './concat';
import crossEntropy from './cross-entropy';
import dense from './dense';
import dropout from './dropout';
import embedding from './embedding';
import feedForward from './feed-forward';
import flatten from './flatten';
import gaussianSampler from './gaussian-sampler';
import gaussianWeights from './gaussian-weights';
import { graphInput, graphOutput } from './graph-ports';
import group from './group';
import imageSet from './image-set';
import klLoss from './kl-loss';
import layerNorm from './layer-norm';
import linearAttention from './linear-attention';
import mse from './mse';
import multiHeadAttention from './multi-head-attention';
import positionalEncoding from './positional-encoding';
import reshape from './reshape';
import residualNorm from './residual-norm';
import rnn from './rnn';
import sequencePairs from './sequence-pairs';
import textCorpus from './text-corpus';
import toy2d from './toy-2d';

export const NODE_DEFS: NodeDef[] = [
  textCorpus, sequencePairs, imageSet, toy2d,
  embedding, positionalEncoding,
  attentionHead, multiHeadAttention, linearAttention,
  dense, feedForward, concat, add, layerNorm, residualNorm, activation, dropout, reshape, flatten,
  rnn,
  gaussianSampler, gaussianWeights, klLoss,
  crossEntropy, mse, bce,
  beamDecoder,
  group, graphInput, graphOutput,
] as unknown as NodeDef[];

export const NODE_TYPES: ReadonlyMap<string, NodeDef> = new Map(NODE_DEFS.map((d) => [d.type, d]));

export function nodeDef(type: string): NodeDef | undefined {
  return NODE_TYPES.get(type);
}
